// The pieces the Core Lightning, LNbits and Phoenixd backends share: the
// network an invoice's prefix names, whole-satoshi amounts, and credentials
// and node texts made safe for headers and logs.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "lightning/backend.hpp"
#include "lightning/invoice_network.hpp"
#include "lightning/node_http.hpp"
#include "lightning/whole_sats.hpp"
#include "net/test_cert.hpp"

namespace l402d::lightning {
namespace {

TEST(InvoiceNetwork, ThePrefixNamesTheNetwork) {
  // From BOLT 11's test vectors and the CLN and Phoenixd documentation.
  EXPECT_EQ(invoice_network("lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs"),
            bolt11::Network::mainnet);
  EXPECT_EQ(invoice_network("lnbc2500u1pvjluezsp5zyg3zyg3zyg3"), bolt11::Network::mainnet);
  EXPECT_EQ(invoice_network("lntb1u1pjlsjnqpp57svjqly7mh5sy84lk67"), bolt11::Network::testnet);
  EXPECT_EQ(invoice_network("lntbs10u1pjlsjnqpp57svjqly7mh5"), bolt11::Network::signet);
  EXPECT_EQ(invoice_network("lnbcrt100n1pne035qsp5y8u28zlrv6tj"), bolt11::Network::regtest);
  EXPECT_EQ(invoice_network("LNBCRT1PNE035QSP5"), bolt11::Network::regtest);
  EXPECT_EQ(invoice_network("lnbcrt1pne035qsp5azrvp"), bolt11::Network::regtest);
  EXPECT_FALSE(invoice_network("lnsb1pvjluez"));
  EXPECT_FALSE(invoice_network("lnbcx1pvjluez"));
  EXPECT_FALSE(invoice_network("lno1qgsq"));  // a BOLT 12 offer
  EXPECT_FALSE(invoice_network(""));
}

TEST(WholeSats, RefusesWhatItWouldHaveToRound) {
  EXPECT_EQ(whole_sats(21'000, "LNbits"), 21u);
  for (std::uint64_t msat : {0ULL, 1ULL, 21'500ULL}) {
    try {
      whole_sats(msat, "LNbits");
      FAIL() << msat;
    } catch (const BackendError& e) {
      EXPECT_EQ(e.code(), BackendErrorCode::rejected);
    }
  }
}

TEST(NodeHttp, RedactsTheSecretAndCutsLongTexts) {
  EXPECT_EQ(redact("bad key 0b9e4c, try 0b9e4c again", "0b9e4c"),
            "bad key <redacted>, try <redacted> again");
  EXPECT_EQ(redact("fine", ""), "fine");
  EXPECT_LE(redact(std::string(5000, 'x'), "k").size(), 303u);
}

TEST(NodeHttp, TokensAreTrimmedAndFitForAHeader) {
  EXPECT_EQ(as_token("  rune-abc=\n", "the rune"), "rune-abc=");
  EXPECT_THROW(as_token(" \n", "the rune"), BackendError);
  try {
    as_token("abc\r\nX-Evil: 1", "the rune");
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_EQ(std::string(e.what()).find("abc"), std::string::npos);
  }
}

TEST(NodeHttp, ReadsATokenFromAnOwnerOnlyFile) {
  net::testing::TempDir dir;
  auto path = dir.path() / "rune";
  std::ofstream(path) << "Zm9vYmFy\n";
  ::chmod(path.c_str(), 0600);
  EXPECT_EQ(read_token({"L402D_TEST_NO_SUCH_VAR", path, "the rune"}), "Zm9vYmFy");
  ::chmod(path.c_str(), 0640);
  EXPECT_THROW(read_token({"L402D_TEST_NO_SUCH_VAR", path, "the rune"}), BackendError);
}

TEST(NodeHttp, WebsocketUrlsFollowTheScheme) {
  EXPECT_EQ(websocket_url("http://127.0.0.1:9740"), "ws://127.0.0.1:9740");
  EXPECT_EQ(websocket_url("https://lnbits.example.com/lnbits"), "wss://lnbits.example.com/lnbits");
}

}  // namespace
}  // namespace l402d::lightning
