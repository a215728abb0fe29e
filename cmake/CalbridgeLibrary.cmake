# calbridge_library(NAME DIR [DEPS...]): a static library from every .cpp under DIR (recursive,
# re-globbed at build time so new files need no CMake edit). Until DIR holds a .cpp, NAME is an
# INTERFACE library carrying the same include path and dependencies.
function(calbridge_library name dir)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} PUBLIC ${ARGN} PRIVATE calbridge_warnings)
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${name} INTERFACE ${ARGN})
  endif()
endfunction()
