#include "client/cli.hpp"

int main(int argc, char** argv) {
  return l402d::client::main_cli(argc, argv);
}
