// Core Lightning's JSON as clnrest passes it through. The answers are the
// examples of ElementsProject/lightning's doc/schemas (getinfo.json,
// invoice.json, listinvoices.json, waitinvoice.json, waitanyinvoice.json),
// copied verbatim; their preimages are placeholders that do not hash to
// their payment hashes, which is itself a case the mapping must refuse.

#include "lightning/cln_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lightning::cln {
namespace {

namespace json = boost::json;

const std::string kGetinfo =
    R"({"id": "033845802d25b4e074ccfd7cd8b339a41dc75bf9978a034800444b51d42b07799a", "alias": "SILENTARTIST-v26.09", "color": "033845", "num_peers": 0, "num_pending_channels": 0, "num_active_channels": 0, "num_inactive_channels": 0, "address": [], "binding": [{"type": "ipv4", "address": "127.0.0.1", "port": 30003}], "version": "v26.09", "blockheight": 114, "network": "regtest", "fees_collected_msat": 0, "lightning-dir": "/home/rusty/.lightning/regtest", "our_features": {"init": "800898882a8a59a1", "node": "808898882a8a59a1", "channel": "", "invoice": "02000002024100"}})";

// example:invoice#1
const std::string kInvoiceCreated =
    R"({"payment_hash": "7279b503a14344267e464829da26fcafa4e5a89c6d625a22b9345a874bdfbbf9", "expires_at": 1738604800, "bolt11": "lnbcrt100n1pne035qsp5y8u28zlrv6tjrrfdkgkthjnzrkt0ls9x8u6ctpsr2xcajp0h9npqpp5wfum2qapgdzzvljxfq5a5fhu47jwt2yud4395g4ex3dgwj7lh0usdp9f9h8vmmfvdjjqer9wd3hy6tsw35k7m3qdsenzxqyjw5qcqp9rzjqvuytqpdyk6wqaxvl47d3vee5swuwklej79qxjqqg394r4ptqaue5qqqwcqqqqgqqqqqqqqpqqqqqzsqqc9qxpqysgq3uaax0yvqa6prnqcrgm0s3638d6nqc0gn5a8fkgx4m85pkwgf4xr9mrd725zfzchddd2zpn3mfj9ngzgasp0l348awh977fyjltwz4gq0gwxr0", "payment_secret": "21f8a38be36697218d2db22cbbca621d96ffc0a63f3585860351b1d905f72cc2", "created_index": 2})";

// example:listinvoices#1
const std::string kListedPaid =
    R"({"invoices": [{"label": "lbl_l21", "bolt11": "lnbcrt1pne035qsp5azrvpsttt2jycazymql4dqcnaq5ghpcawzwe7vgrlckny27dwnyspp58ljj3xz5hzfykn4m8asumr6698u02zwv0qv3jgc00m54ash603rqdqcdserzgryv4ekxunfwp6xjmmwxqyjw5qcqp9rzjq08vhlwxs4zvcktzywmgecr3pj096tyukvt7upuz9k2s0xkvwq7nzqqqwcqqqqgqqqqqqqqpqqqqqzsqqc9qxpqysgqa4hqlxn5e9ky7tzvnzppc50zskuwysafuazzzq22p0upsmeplc9sr5csd4an4qhdh4ncncqspy8znfw72qygvcnp4lah0857vmka3kgpv5xd3k", "payment_hash": "3fe5289854b8924b4ebb3f61cd8f5a29f8f509cc781919230f7ee95ec2fa7c46", "status": "paid", "pay_index": 4, "amount_received_msat": 400000, "paid_at": 1738000000, "payment_preimage": "09e7f193a0100ea009e7f193a0100ea009e7f193a0100ea009e7f193a0100ea0", "description": "l21 description", "expires_at": 1738604800, "created_index": 2, "updated_index": 4}]})";

// Entries of example:listinvoices#2: an unpaid one, and one whose expiry
// (1738003600) has passed although the node still says unpaid.
const std::string kUnpaid =
    R"({"label": "lbl_l22", "bolt11": "lnbcrt2u1pne035qsp5syt0v2w9nsa7xnu9neq9np0ln5c7e25mnurjppqzwktwtkr830sqpp50efh2wgkgp2ftp6spsdl5pwsgmjf6cncm793a8yck764rnmh35gqdqcdserygryv4ekxunfwp6xjmmwxqyjw5qcqp9rzjq08vhlwxs4zvcktzywmgecr3pj096tyukvt7upuz9k2s0xkvwq7nzqqqwcqqqqgqqqqqqqqpqqqqqzsqqc9qxpqysgq2ysc0ll0du4pgdz0l8xt9uu47t72k3chdxvxnrj9vj6arxecvej4cmh2x3uwe9xye2mpm2df5xfuh9xgcc0um4uwnc69x5yu5glqfgcqac9wfd", "payment_hash": "7e5375391640549587500c1bfa05d046e49d6278df8b1e9c98b7b551cf778d10", "amount_msat": 200000, "status": "unpaid", "description": "l22 description", "expires_at": 1738604800, "created_index": 3})";
const std::string kUnpaidPastExpiry =
    R"({"label": "label inv_l24", "bolt11": "lnbcrt1230n1pne035qsp5c4pc7nl4ukagxle38wa5m9nk0xs4jmrg8hr90688jdlq0rwalrdqpp5zwqy8dm39czyvn8n00z5vkej8hvc48yu939vd35nyek8wylcjltqdqlv3jhxcmjd9c8g6t0dcsxjmnktakrydqcqp99qxpqysgq7v70d8y5eyal72pacatzjykw73wvsnnvwza2y2jqkvgch07az8q5zauvyk9fknmf8a9aljauxs695u4vkhugl4n2fh9dw0a6j8m6q3cpgduknc", "payment_hash": "138043b7712e04464cf37bc5465b323dd98a9c9c2c4ac6c693266c7713f897d6", "amount_msat": 123000, "status": "unpaid", "description": "description inv_l24", "expires_at": 1738003600, "created_index": 4})";

// example:waitanyinvoice#2 (params {"lastpay_index": 1, "timeout": 0})
const std::string kWaitAnyPaid =
    R"({"label": "test_injectpaymentonion1", "bolt11": "lnbcrt10n1pne035qsp5mt93g3n37t0rp9pq8my8cafesa8m3u3e5zcvs0tu67n3x5esl6tqpp58u5g36uzcl7sx433jmfgmdlydrd8rzhhd2ft3cy3846lxjt0gt5sdp6w3jhxapqd9hx5etrw3cxz7tdv4h8gmmwd9hkuvfqv3jhxcmjd9c8g6t0dcxqyjw5qcqp99qxpqysgqvy0vk8yrft3ym47d36hxz4y43ch6nfcxtycn25lh25fdlwacpq0rmzqk59p8rmakfvzay7lhvsvpsvuh5vemf7s9e4a65dg3cklcr8cq7grtgs", "payment_hash": "3f2888eb82c7fd03563196d28db7e468da718af76a92b8e0913d75f3496f42e9", "amount_msat": 1000, "status": "paid", "pay_index": 2, "amount_received_msat": 1000, "paid_at": 1738000000, "payment_preimage": "09e7f193a0100ea509e7f193a0100ea509e7f193a0100ea509e7f193a0100ea5", "expires_at": 1738604800, "created_index": 8, "updated_index": 2})";

constexpr std::int64_t kNow = 1'738'100'000;

json::object object(const std::string& text) {
  return json::parse(text).as_object();
}

TEST(ClnJson, InvoiceParamsAreNamedAndInMillisatoshis) {
  auto params = object(invoice_params({100'001, "L402 vision", 600}, "l402-00ff"));
  EXPECT_EQ(params.at("amount_msat").as_int64(), 100'001);
  EXPECT_EQ(params.at("label"), "l402-00ff");
  EXPECT_EQ(params.at("description"), "L402 vision");
  EXPECT_EQ(params.at("expiry").as_int64(), 600);
}

TEST(ClnJson, ReadsTheInvoiceResult) {
  auto created = parse_created(kInvoiceCreated);
  EXPECT_EQ(to_hex(ByteView(created.payment_hash)),
            "7279b503a14344267e464829da26fcafa4e5a89c6d625a22b9345a874bdfbbf9");
  EXPECT_TRUE(created.bolt11.starts_with("lnbcrt100n1pne035q"));
  EXPECT_EQ(created.expires_at, 1'738'604'800);
  EXPECT_THROW(parse_created(R"({"payment_hash":"00","bolt11":"x","expires_at":1})"), BackendError);
  EXPECT_THROW(parse_created("Internal Server Error"), BackendError);
}

TEST(ClnJson, APaidInvoiceIsSettledWithItsPreimage) {
  auto status = parse_listed(kListedPaid, kNow);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, InvoiceState::settled);
  EXPECT_EQ(status->settled_at, 1'738'000'000);
  // No amount_msat in this entry: what was received.
  EXPECT_EQ(status->amount_msat, 400'000u);
  ASSERT_TRUE(status->preimage);
  EXPECT_EQ(to_hex(ByteView(*status->preimage)),
            "09e7f193a0100ea009e7f193a0100ea009e7f193a0100ea009e7f193a0100ea0");
}

TEST(ClnJson, WaitanyinvoiceAnswersAreInvoicesWithAPayIndex) {
  auto invoice = object(kWaitAnyPaid);
  auto status = parse_invoice(invoice, kNow);
  EXPECT_EQ(status.state, InvoiceState::settled);
  EXPECT_EQ(status.amount_msat, 1000u);
  ASSERT_TRUE(status.preimage);
  EXPECT_EQ(pay_index(invoice), 2u);
  EXPECT_EQ(invoice_hash(invoice), sha256(ByteView(*status.preimage)));
}

TEST(ClnJson, APreimageThatDoesNotHashToThePaymentHashIsNotReported) {
  auto invoice = object(kWaitAnyPaid);
  invoice["payment_preimage"] = std::string(64, 'a');
  auto status = parse_invoice(invoice, kNow);
  EXPECT_EQ(status.state, InvoiceState::settled);
  EXPECT_FALSE(status.preimage);
}

TEST(ClnJson, UnpaidIsOpenUntilItsExpiryThenExpired) {
  auto open = parse_invoice(object(kUnpaid), kNow);
  EXPECT_EQ(open.state, InvoiceState::open);
  EXPECT_EQ(open.amount_msat, 200'000u);
  EXPECT_FALSE(open.settled_at);
  EXPECT_EQ(parse_invoice(object(kUnpaidPastExpiry), kNow).state, InvoiceState::expired);
  auto expired = object(kUnpaid);
  expired["status"] = "expired";
  EXPECT_EQ(parse_invoice(expired, kNow).state, InvoiceState::expired);
}

TEST(ClnJson, AnEmptyListIsAnUnknownInvoice) {
  EXPECT_FALSE(parse_listed(R"({"invoices": []})", kNow));
  EXPECT_THROW(parse_listed(R"({"invoice": []})", kNow), BackendError);
  EXPECT_EQ(object(listinvoices_params(Hash32{})).at("payment_hash").as_string(),
            std::string(64, '0'));
}

TEST(ClnJson, OldNodesWriteMillisatoshisAsStrings) {
  auto invoice = object(kUnpaid);
  invoice["amount_msat"] = "200000msat";
  EXPECT_EQ(parse_invoice(invoice, kNow).amount_msat, 200'000u);
  EXPECT_EQ(msat_at(object(R"({"a": "12msat"})"), "a"), 12u);
  EXPECT_FALSE(msat_at(object(R"({"a": "12sat"})"), "a"));
  EXPECT_FALSE(msat_at(object(R"({"a": "msat"})"), "a"));
  EXPECT_FALSE(msat_at(object(R"({"a": -3})"), "a"));
}

TEST(ClnJson, WaitAnyInvoiceParams) {
  auto params = object(waitanyinvoice_params(4, 60));
  EXPECT_EQ(params.at("lastpay_index").as_int64(), 4);
  EXPECT_EQ(params.at("timeout").as_int64(), 60);
}

TEST(ClnJson, ReadsGetinfoAndBitcoinIsMainnet) {
  auto info = parse_getinfo(kGetinfo);
  EXPECT_EQ(info.pubkey, "033845802d25b4e074ccfd7cd8b339a41dc75bf9978a034800444b51d42b07799a");
  EXPECT_EQ(info.alias, "SILENTARTIST-v26.09");
  EXPECT_EQ(info.version, "v26.09");
  EXPECT_EQ(info.network, bolt11::Network::regtest);
  auto main = object(kGetinfo);
  main["network"] = "bitcoin";
  EXPECT_EQ(parse_getinfo(json::serialize(main)).network, bolt11::Network::mainnet);
  main["network"] = "liquid";
  EXPECT_FALSE(parse_getinfo(json::serialize(main)).network);
  EXPECT_THROW(parse_getinfo(R"({"alias": "no id"})"), BackendError);
}

TEST(ClnJson, RpcErrorsCarryTheNodesCodeAndText) {
  auto e = parse_error(R"({"code": 900, "message": "Duplicate label 'l402-00ff'", "data": null})");
  EXPECT_EQ(e.code, 900);
  EXPECT_EQ(e.message, "Duplicate label 'l402-00ff'");
  auto missing = parse_error(R"({"code":1501,"message":"Not authorized: Missing rune"})");
  EXPECT_EQ(missing.code, 1501);
  auto plain = parse_error("Bad Gateway");
  EXPECT_FALSE(plain.code);
  EXPECT_EQ(plain.message, "Bad Gateway");
  EXPECT_FALSE(parse_error(R"({"code": null, "message": "Could not read request body"})").code);
}

}  // namespace
}  // namespace l402d::lightning::cln
