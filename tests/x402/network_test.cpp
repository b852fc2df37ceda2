#include "x402/network.hpp"

#include <gtest/gtest.h>

namespace l402d::x402 {
namespace {

TEST(X402Network, Caip2NamesAreTheGenesisHashPrefixes) {
  EXPECT_EQ(caip2_network(bolt11::Network::mainnet), "bip122:000000000019d6689c085ae165831e93");
  EXPECT_EQ(caip2_network(bolt11::Network::testnet), "bip122:000000000933ea01ad0ee984209779ba");
  EXPECT_EQ(caip2_network(bolt11::Network::signet), "bip122:00000008819873e925422c1ff0f99f7c");
  EXPECT_EQ(caip2_network(bolt11::Network::regtest), "bip122:0f9188f13cb7b2c71f2a335e3a4fc328");
}

TEST(X402Network, ParsesWhatItNames) {
  for (auto n : {bolt11::Network::mainnet, bolt11::Network::testnet, bolt11::Network::signet,
                 bolt11::Network::regtest}) {
    EXPECT_EQ(network_from_caip2(caip2_network(n)), n);
  }
}

TEST(X402Network, UnknownNamesAreNotBitcoin) {
  for (const char* name :
       {"", "bip122", "bip122:", "eip155:8453", "base-sepolia",
        "BIP122:000000000019d6689c085ae165831e93", "bip122:000000000019d6689c085ae165831e9",
        "bip122:000000000019d6689c085ae165831e93 "}) {
    EXPECT_EQ(network_from_caip2(name), std::nullopt) << name;
  }
}

}  // namespace
}  // namespace l402d::x402
