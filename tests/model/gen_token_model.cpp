// Writes the Promela model of a token's life: the transitions generated from
// token_table.cpp, then the hand-written harness (instances, crashes,
// timeouts, the clock and the properties).
//
//   gen_token_model HARNESS.pml OUT.pml [MUTATION]
//
// MUTATION (see mutated_transitions) writes a deliberately wrong model, which
// the model test expects spin to reject.

#include <fstream>
#include <iostream>
#include <sstream>

#include "model/token_table.hpp"

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: gen_token_model HARNESS.pml OUT.pml [MUTATION]\n";
    return 2;
  }
  try {
    std::ifstream harness(argv[1]);
    if (!harness) throw std::runtime_error(std::string("cannot read ") + argv[1]);
    std::ostringstream text;
    text << harness.rdbuf();
    const auto table =
        argc == 4 ? l402d::model::mutated_transitions(argv[3]) : l402d::model::token_transitions();
    std::ofstream out(argv[2]);
    out << l402d::model::promela_transitions(table) << text.str();
    if (!out.flush()) throw std::runtime_error(std::string("cannot write ") + argv[2]);
  } catch (const std::exception& e) {
    std::cerr << "gen_token_model: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
