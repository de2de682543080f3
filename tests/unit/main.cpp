// Catch2 2.13 main for the unit tests (one binary, registered with CTest per test case).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
