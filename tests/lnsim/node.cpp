#include "lnsim/node.hpp"

#include "bolt11/codec.hpp"
#include "lnsim/ledger.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {

Node::Node(NodeKind kind, const bolt11::SecretKey& key, std::string alias, Chain chain)
    : kind_(kind), key_(key), alias_(std::move(alias)), chain_(chain) {
  id_ = bolt11::public_key(key_);
  id_hex_ = to_hex(id_);
}

Node::~Node() {
  secure_wipe(key_);
}

std::string Node::color() const {
  return id_hex_.substr(2, 6);
}

std::uint64_t Node::default_cltv() const {
  switch (kind_) {
    case NodeKind::lnd:
    case NodeKind::lnbits:  // behind an lnd funding source
      return 80;            // lnd's bitcoin.timelockdelta
    case NodeKind::cln:
      return 18;  // cltv-final
    case NodeKind::phoenixd:
      break;
  }
  return 144;
}

std::vector<std::uint16_t> Node::invoice_features() const {
  switch (kind_) {
    case NodeKind::lnd:
    case NodeKind::lnbits:
      return {8, 14, 17, 25};  // tlv-onion, payment-addr, multi-path, route-blinding
    case NodeKind::cln:
      return {8, 14, 17, 25};
    case NodeKind::phoenixd:
      break;
  }
  return {8, 14, 17, 49, 149};  // + payment metadata and trampoline
}

namespace {

// Each implementation's tag order, as its invoices show.
std::string_view field_order(NodeKind kind) {
  switch (kind) {
    case NodeKind::lnd:
    case NodeKind::lnbits:
      return "pdhmcxfrns9";  // zpay32
    case NodeKind::cln:
      return "spdhxcfr9";
    case NodeKind::phoenixd:
      break;
  }
  return "pcs9dhxmr";
}

// CLN's invoice_secret(): sha256 of the preimage with its first bit flipped.
Hash32 cln_payment_secret(const Hash32& preimage) {
  Hash32 modified = preimage;
  modified[0] ^= 1;
  Hash32 secret = sha256(modified);
  secure_wipe(modified);
  return secret;
}

}  // namespace

InvoiceRecord Node::make_invoice(const InvoiceSpec& spec) const {
  InvoiceRecord r;
  r.node = kind_;
  r.preimage = spec.preimage ? *spec.preimage : random_array<32>();
  r.payment_hash = sha256(r.preimage);
  r.payment_secret = kind_ == NodeKind::cln ? cln_payment_secret(r.preimage) : random_array<32>();
  if (spec.amount_msat && *spec.amount_msat > 0) r.amount_msat = spec.amount_msat;
  r.description_hash = spec.description_hash;
  r.description = spec.description;  // kept with a hash too: lnd and CLN both show it
  r.created_at_ms = now_ms();
  r.expiry_seconds = spec.expiry_seconds;
  r.cltv_expiry = spec.cltv_expiry != 0 ? spec.cltv_expiry : default_cltv();
  r.label = spec.label;
  r.external_id = spec.external_id;

  bolt11::Invoice inv;
  inv.network = chain_.network;
  inv.amount_msat = r.amount_msat;
  inv.timestamp = static_cast<std::uint64_t>(r.created_at());
  inv.payment_hash = r.payment_hash;
  inv.payment_secret = r.payment_secret;
  if (spec.description_hash) {
    inv.description_hash = spec.description_hash;
  } else {
    inv.description = spec.description;
  }
  inv.expiry_seconds = spec.expiry_seconds;
  inv.min_final_cltv_expiry_delta = r.cltv_expiry;
  inv.feature_bits = invoice_features();
  bolt11::EncodeOptions options;
  options.field_order = field_order(kind_);
  r.bolt11 = bolt11::encode(inv, key_, options);
  r.expires_at_ms = (r.created_at() + static_cast<std::int64_t>(spec.expiry_seconds)) * 1000;
  return r;
}

}  // namespace l402d::lnsim
