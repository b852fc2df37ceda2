#include "lnsim/lnd_json.hpp"

#include <boost/json/array.hpp>

#include "lnsim/grpc_gateway.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

namespace json = boost::json;
using grpc::base64;
using grpc::int64_str;
using grpc::uint64_str;

namespace {

// The channel every simulated payment uses, as a short channel id.
constexpr std::uint64_t kChannelId = (200ULL << 40) | (1ULL << 16) | 0;
constexpr std::uint64_t kChannelCapacitySat = 16'777'215;

json::object feature(std::string_view name, bool required) {
  json::object f;
  f["name"] = name;
  f["is_required"] = required;
  f["is_known"] = true;
  return f;
}

json::object invoice_features() {
  json::object features;
  features["8"] = feature("tlv-onion", true);
  features["14"] = feature("payment-addr", true);
  features["17"] = feature("multi-path-payments", false);
  features["25"] = feature("route-blinding", false);
  return features;
}

json::object settled_htlc(const InvoiceRecord& inv, const Chain& chain) {
  json::object h;
  h["chan_id"] = uint64_str(kChannelId);
  h["htlc_index"] = uint64_str(inv.settle_index - 1);
  h["amt_msat"] = uint64_str(inv.amount_paid_msat);
  h["accept_height"] = static_cast<std::int32_t>(chain.block_height());
  h["accept_time"] = int64_str(inv.settled_at());
  h["resolve_time"] = int64_str(inv.settled_at());
  h["expiry_height"] = static_cast<std::int32_t>(chain.block_height() + inv.cltv_expiry);
  h["state"] = "SETTLED";
  h["custom_records"] = json::object();
  h["mpp_total_amt_msat"] = uint64_str(inv.amount_paid_msat);
  h["amp"] = nullptr;
  h["custom_channel_data"] = "";
  return h;
}

std::string_view invoice_state(const InvoiceRecord& inv, std::int64_t now_ms) {
  switch (inv.status(now_ms)) {
    case InvoiceStatus::settled:
      return "SETTLED";
    case InvoiceStatus::expired:
      return "CANCELED";
    case InvoiceStatus::open:
      break;
  }
  return "OPEN";
}

}  // namespace

json::object lnd_invoice_json(const InvoiceRecord& inv, std::int64_t now_ms, const Chain& chain) {
  const std::uint64_t value_msat = inv.amount_msat.value_or(0);
  const bool settled = inv.state == InvoiceState::settled;
  json::object o;
  o["memo"] = inv.description;
  o["r_preimage"] = base64(inv.preimage);
  o["r_hash"] = base64(inv.payment_hash);
  o["value"] = uint64_str(value_msat / 1000);
  o["value_msat"] = uint64_str(value_msat);
  o["settled"] = settled;
  o["creation_date"] = int64_str(inv.created_at());
  o["settle_date"] = int64_str(settled ? inv.settled_at() : 0);
  o["payment_request"] = inv.bolt11;
  o["description_hash"] = inv.description_hash ? base64(*inv.description_hash) : std::string();
  o["expiry"] = uint64_str(inv.expiry_seconds);
  o["fallback_addr"] = "";
  o["cltv_expiry"] = uint64_str(inv.cltv_expiry);
  o["route_hints"] = json::array();
  o["private"] = false;
  o["add_index"] = uint64_str(inv.add_index);
  o["settle_index"] = uint64_str(settled ? inv.settle_index : 0);
  o["amt_paid"] = uint64_str(inv.amount_paid_msat);
  o["amt_paid_sat"] = uint64_str(inv.amount_paid_msat / 1000);
  o["amt_paid_msat"] = uint64_str(inv.amount_paid_msat);
  o["state"] = invoice_state(inv, now_ms);
  json::array htlcs;
  if (settled) htlcs.push_back(settled_htlc(inv, chain));
  o["htlcs"] = std::move(htlcs);
  o["features"] = invoice_features();
  o["is_keysend"] = false;
  o["payment_addr"] = base64(inv.payment_secret);
  o["is_amp"] = false;
  o["amp_invoice_state"] = json::object();
  o["is_blinded"] = false;
  o["blinded_path_config"] = nullptr;
  return o;
}

std::string_view lnd_failure_reason(PaymentFailure failure) {
  switch (failure) {
    case PaymentFailure::no_route:
    case PaymentFailure::fee_limit:
    case PaymentFailure::self_payment:
      return "FAILURE_REASON_NO_ROUTE";
    case PaymentFailure::insufficient_balance:
      return "FAILURE_REASON_INSUFFICIENT_BALANCE";
    case PaymentFailure::rejected:
      return "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS";
    case PaymentFailure::none:
      break;
  }
  return "FAILURE_REASON_NONE";
}

namespace {

std::string_view payment_status(const PaymentRecord& p, bool in_flight) {
  if (in_flight) return "IN_FLIGHT";
  switch (p.status) {
    case PaymentStatus::succeeded:
      return "SUCCEEDED";
    case PaymentStatus::failed:
      return "FAILED";
    case PaymentStatus::in_flight:
      break;
  }
  return "IN_FLIGHT";
}

json::object route_hop(const PaymentRecord& p, const Chain& chain, std::uint64_t cltv) {
  json::object hop;
  hop["chan_id"] = uint64_str(kChannelId);
  hop["chan_capacity"] = uint64_str(kChannelCapacitySat);
  hop["amt_to_forward"] = uint64_str(p.amount_msat / 1000);
  hop["fee"] = uint64_str(0);
  hop["expiry"] = static_cast<std::uint32_t>(chain.block_height() + cltv);
  hop["amt_to_forward_msat"] = uint64_str(p.amount_msat);
  hop["fee_msat"] = uint64_str(0);
  hop["pub_key"] = to_hex(p.destination);
  hop["tlv_payload"] = true;
  json::object mpp;
  mpp["payment_addr"] = base64(p.payment_addr);
  mpp["total_amt_msat"] = uint64_str(p.amount_msat);
  hop["mpp_record"] = std::move(mpp);
  hop["amp_record"] = nullptr;
  hop["custom_records"] = json::object();
  hop["metadata"] = "";
  hop["blinding_point"] = "";
  hop["encrypted_data"] = "";
  hop["total_amt_msat"] = uint64_str(0);
  return hop;
}

json::object htlc_attempt(const PaymentRecord& p, const Chain& chain) {
  constexpr std::uint64_t kCltv = 80;
  json::object route;
  route["total_time_lock"] = static_cast<std::uint32_t>(chain.block_height() + kCltv);
  route["total_fees"] = uint64_str(p.fee_msat / 1000);
  route["total_amt"] = uint64_str((p.amount_msat + p.fee_msat) / 1000);
  json::array hops;
  hops.push_back(route_hop(p, chain, kCltv));
  route["hops"] = std::move(hops);
  route["total_fees_msat"] = uint64_str(p.fee_msat);
  route["total_amt_msat"] = uint64_str(p.amount_msat + p.fee_msat);
  route["first_hop_amount_msat"] = uint64_str(p.amount_msat + p.fee_msat);
  route["custom_channel_data"] = "";
  json::object a;
  a["attempt_id"] = uint64_str(p.id);
  a["status"] = "SUCCEEDED";
  a["route"] = std::move(route);
  a["attempt_time_ns"] = int64_str(p.created_at_ns);
  a["resolve_time_ns"] = int64_str(p.completed_at_ns);
  a["failure"] = nullptr;
  a["preimage"] = base64(p.preimage);
  return a;
}

}  // namespace

json::object lnd_payment_json(const PaymentRecord& p, bool in_flight, const Chain& chain) {
  const bool succeeded = !in_flight && p.status == PaymentStatus::succeeded;
  const Hash32 zero{};
  json::object o;
  o["payment_hash"] = to_hex(p.payment_hash);
  o["value"] = uint64_str(p.amount_msat / 1000);
  o["creation_date"] = int64_str(p.created_at_ns / 1'000'000'000);
  o["fee"] = uint64_str(succeeded ? p.fee_msat / 1000 : 0);
  o["payment_preimage"] = to_hex(succeeded ? p.preimage : zero);
  o["value_sat"] = uint64_str(p.amount_msat / 1000);
  o["value_msat"] = uint64_str(p.amount_msat);
  o["payment_request"] = p.bolt11;
  o["status"] = payment_status(p, in_flight);
  o["fee_sat"] = uint64_str(succeeded ? p.fee_msat / 1000 : 0);
  o["fee_msat"] = uint64_str(succeeded ? p.fee_msat : 0);
  o["creation_time_ns"] = int64_str(p.created_at_ns);
  json::array htlcs;
  if (succeeded) htlcs.push_back(htlc_attempt(p, chain));
  o["htlcs"] = std::move(htlcs);
  o["payment_index"] = uint64_str(p.index);
  o["failure_reason"] = in_flight ? "FAILURE_REASON_NONE" : lnd_failure_reason(p.failure);
  o["first_hop_custom_records"] = json::object();
  return o;
}

}  // namespace l402d::lnsim
