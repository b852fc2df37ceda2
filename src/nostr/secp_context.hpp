#pragma once

// The libsecp256k1 context this library signs, verifies and derives with.

#include <secp256k1.h>

namespace l402d::nostr::detail {

// Created once, randomised against side channels, then only read: libsecp256k1
// documents calls on a const context as thread-safe.
const secp256k1_context* secp_context();

}  // namespace l402d::nostr::detail
