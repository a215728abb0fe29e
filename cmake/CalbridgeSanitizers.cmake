# -DCALBRIDGE_SANITIZE=ON: the whole build (tests and tools) under ASan + UBSan.
if(CALBRIDGE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# -DCALBRIDGE_FUZZ=ON: coverage instrumentation for every target, so libFuzzer sees the edges
# inside the parsers (the fuzz_* targets themselves link -fsanitize=fuzzer).
if(CALBRIDGE_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
