# Warnings on everywhere, for our own targets only (calbridge_warnings is linked privately).
add_library(calbridge_warnings INTERFACE)
target_compile_options(calbridge_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2)
