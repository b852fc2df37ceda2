# Helpers that give every first-party target the same warnings and include root.

set(L402D_WARNINGS -Wall -Wextra -Werror -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
# GCC 12 reports impossible overlaps in std::string concatenation at -O2/-O3
# (GCC bug 105651, fixed in 13); the warning is noise there, not a finding.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND L402D_WARNINGS -Wno-restrict)
endif()
# Sanitizer instrumentation defeats GCC's flow analysis: -Wmaybe-uninitialized
# then fires inside Boost.Beast's parser (an optional<size_t> it does set). The
# plain build keeps the warning; the ASan build's job is to catch the real thing.
if(L402D_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND L402D_WARNINGS -Wno-maybe-uninitialized)
endif()

# l402d_library(<name> SOURCES <files...> DEPS <targets...>)
function(l402d_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE ${L402D_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# l402d_executable(<name> SOURCES <files...> DEPS <targets...>)
function(l402d_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${L402D_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()

# l402d_test(<name> SOURCES <files...> DEPS <targets...> [TEST_PREFIX <prefix>]):
# one GoogleTest binary, each TEST registered with CTest (named <prefix>Suite.Test,
# so `ctest -R e2e` can pick a group). Tests run with the repository's tests/data
# as L402D_TEST_DATA so they find fixtures from any build directory.
#
# DISCOVER_FILTER <gtest filter> registers only the tests it selects, for a
# binary that also holds tests registered together under one add_test (tests
# sharing a costly set-up, such as a PostgreSQL cluster per process).
function(l402d_test name)
  cmake_parse_arguments(ARG "" "TEST_PREFIX;DISCOVER_FILTER" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${L402D_WARNINGS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE L402D_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data")
  include(GoogleTest)
  set(filter)
  if(ARG_DISCOVER_FILTER)
    set(filter TEST_FILTER "${ARG_DISCOVER_FILTER}")
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_PREFIX "${ARG_TEST_PREFIX}" ${filter}
    PROPERTIES ENVIRONMENT "L402D_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data")
endfunction()

# l402d_benchmark(<name> SOURCES <files...> DEPS <targets...>)
function(l402d_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${L402D_WARNINGS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/bench)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
endfunction()
