# -DCALBRIDGE_SANITIZE=ON: the whole build (tests and tools) under ASan + UBSan.
if(CALBRIDGE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
