#include "api/error_catalogue.hpp"

#include <array>
#include <boost/json.hpp>

namespace l402d::api {

namespace {

using A = ErrorAction;

constexpr std::array kCatalogue = std::to_array<ErrorCodeInfo>({
    // Paying.
    {"payment_required", 402, A::pay_again,
     "No credential: pay the challenge's invoice, then repeat the identical request with the "
     "credential."},
    {"credential_malformed", 402, A::fix_request,
     "The credential header cannot be read (scheme, base64, hex or JSON)."},
    {"macaroon_malformed", 402, A::fix_request, "The macaroon is not a version 2 macaroon."},
    {"identifier_invalid", 402, A::pay_again, "The macaroon's identifier is not one we mint."},
    {"identifier_version_unknown", 402, A::pay_again,
     "The macaroon's identifier version is unknown."},
    {"preimage_mismatch", 402, A::fix_request,
     "The preimage does not hash to the token's payment hash: send the preimage of the invoice "
     "that token was sold with."},
    {"token_unknown", 402, A::pay_again,
     "This server did not issue the token (or its key is gone)."},
    {"token_revoked", 402, A::pay_again, "The seller revoked the token."},
    {"signature_invalid", 402, A::pay_again, "The macaroon was altered or not signed here."},
    {"third_party_caveat", 402, A::pay_again, "Third-party caveats are not supported."},
    {"caveat_service", 402, A::pay_again, "The token is for another service."},
    {"caveat_capability", 402, A::pay_again, "The token lacks a capability this request needs."},
    {"caveat_expired", 402, A::pay_again, "The token's validity has ended."},
    {"caveat_request", 402, A::pay_again,
     "The token was sold for a different request: repeat the identical request, or pay for this "
     "one."},
    {"caveat_widening", 402, A::pay_again, "A caveat tries to widen an earlier one."},
    {"caveat_price", 402, A::pay_again,
     "The request costs more than the token was bought for: pay for this one."},
    {"token_request_mismatch", 402, A::pay_again,
     "The token already paid for a different request."},
    {"token_used_up", 402, A::pay_again, "Every request the token paid for has been made."},
    {"rail_disabled", 402, A::pay_again,
     "This server does not accept credentials of that dialect (L402, MPP or x402)."},
    {"payment_method_unsupported", 402, A::pay_again,
     "MPP: only method \"lightning\" with intent \"charge\" is accepted."},
    {"challenge_invalid", 402, A::fix_request,
     "MPP: the echoed challenge is not ours or was altered; echo it unchanged."},
    {"challenge_expired", 402, A::pay_again, "MPP: the challenge has expired."},
    {"offer_unknown", 402, A::fix_request,
     "x402: the accepted offer is not one we made; echo the accepts[] entry unchanged."},
    {"invoice_mismatch", 402, A::fix_request,
     "x402: payload.invoice differs from the accepted offer's invoice."},
    {"payment_unsettled", 402, A::retry,
     "The node has not received the payment yet: pay the invoice, or retry once it is paid."},
    // After payment: the token stays redeemable.
    {"result_expired", 410, A::none, "The token was redeemed and its stored result has expired."},
    {"token_busy", 409, A::retry, "The token's job is still running: repeat the request later."},
    {"job_unknown", 404, A::none, "No job has this id here, or it is past the retention period."},
    {"job_credential_required", 403, A::fix_request,
     "Poll a job with the Authorization header of the request that paid for it."},
    {"job_unreadable", 502, A::retry,
     "A resumed job's stored request no longer parses; the payment is kept."},
    {"callback_url_invalid", 400, A::fix_request,
     "callback_url must be an absolute http(s) URL with a host; no invoice was made."},
    {"async_flag_invalid", 400, A::fix_request, "async must be true or false."},
    {"engine_unavailable", 503, A::retry, "The engine is unavailable; the payment is kept."},
    {"timeout", 503, A::retry, "The job took too long; the payment is kept."},
    {"internal_error", 500, A::retry, "An unexpected failure; the payment is kept."},
    {"storage_full", 503, A::retry,
     "The server's disk is full, so the result could not be kept; the payment is kept."},
    {"provider_auth", 502, A::retry,
     "The hosted engine refused our credentials; the payment is kept."},
    {"provider_bad_response", 502, A::retry,
     "The hosted engine answered nonsense; the payment is kept."},
    {"provider_empty_answer", 502, A::retry,
     "The hosted engine answered nothing; the payment is kept."},
    {"provider_failed", 502, A::retry, "The hosted engine failed the job; the payment is kept."},
    {"provider_format_mismatch", 502, A::retry,
     "The hosted engine returned another format; the payment is kept."},
    {"provider_not_found", 502, A::retry,
     "The hosted engine's model is missing; the payment is kept."},
    {"provider_rate_limited", 503, A::retry,
     "The hosted engine is rate-limiting; the payment is kept."},
    {"provider_timeout", 503, A::retry,
     "The hosted engine did not answer in time; the payment is kept."},
    {"provider_unreachable", 503, A::retry,
     "The hosted engine is unreachable; the payment is kept."},
    {"upstream_unavailable", 503, A::retry,
     "The proxied API cannot be reached; the payment is kept."},
    {"upstream_timeout", 503, A::retry,
     "The proxied API did not answer in time; the payment is kept."},
    {"upload_incomplete", 503, A::retry,
     "The request body broke off or stalled before its end; send the request again, the "
     "payment is kept."},
    {"upstream_error", 502, A::retry, "The proxied API failed (5xx); the payment is kept."},
    {"upstream_untrusted", 502, A::none,
     "The proxied API's certificate is not the trusted one; the payment is kept."},
    {"upstream_reply_too_large", 502, A::none,
     "The proxied API's reply is too long to store for a single-use token; the payment is kept."},
    {"transcode_failed", 502, A::retry, "Converting the audio failed; the payment is kept."},
    {"invalid_format", 502, A::retry, "The engine produced an unusable file; the payment is kept."},
    // Before any invoice: nothing was charged.
    {"lightning_unavailable", 503, A::retry,
     "The Lightning node did not answer; nothing was charged."},
    {"store_unavailable", 503, A::retry, "The database is unavailable; nothing was charged."},
    {"server_busy", 503, A::retry, "Every worker is busy; no invoice was made."},
    {"service_disabled", 503, A::none,
     "The seller has stopped selling this service for now; no invoice was made."},
    {"too_many_challenges", 429, A::retry,
     "Too many invoices asked for from this address this minute; no invoice was made. Retry "
     "after Retry-After, or pay an invoice already issued."},
    {"idempotency_key_invalid", 400, A::fix_request,
     "Idempotency-Key must be 16 to 255 visible ASCII characters."},
    {"idempotency_key_reused", 422, A::fix_request,
     "The Idempotency-Key was used for a different request: use a new key."},
    {"bad_request", 400, A::fix_request, "The HTTP request is malformed."},
    {"headers_too_large", 431, A::fix_request, "The request headers are too large."},
    {"transfer_coding_unsupported", 501, A::fix_request,
     "Only the chunked transfer coding is supported."},
    {"body_too_large", 413, A::fix_request, "The request body is too large."},
    {"unsupported_media_type", 415, A::fix_request, "Send Content-Type: application/json."},
    {"empty_body", 400, A::fix_request, "The request has no body."},
    {"invalid_json", 400, A::fix_request, "The body is not JSON."},
    {"missing_field", 400, A::fix_request, "A required field is missing (see `field`)."},
    {"invalid_field", 400, A::fix_request, "A field has an unusable value (see `field`)."},
    {"invalid_field_type", 400, A::fix_request, "A field has the wrong JSON type (see `field`)."},
    {"field_too_short", 400, A::fix_request, "A text field is too short (see `field`)."},
    {"field_too_long", 400, A::fix_request, "A text field is too long (see `field`)."},
    {"field_out_of_range", 400, A::fix_request, "A number is outside its range (see `field`)."},
    {"unsupported_value", 400, A::fix_request, "A field's value is not one offered (see `field`)."},
    {"unsupported_model", 400, A::fix_request, "The model is not offered."},
    {"unsingable_lyrics", 400, A::fix_request,
     "The lyrics hold no word to sing (emoji, symbols or section tags alone)."},
    {"unsupported_sample_rate", 400, A::fix_request, "The sample rate is not offered."},
    {"unsupported_audio_format", 400, A::fix_request, "The audio format is not offered."},
    {"unsupported_bitrate", 400, A::fix_request, "The bitrate is not offered for that format."},
    {"image_missing", 400, A::fix_request, "No image was sent."},
    {"image_url", 400, A::fix_request, "Send the image itself (base64 or data URI), not a URL."},
    {"image_not_base64", 400, A::fix_request, "The image is not base64 (or a base64 data URI)."},
    {"image_corrupt", 400, A::fix_request, "The image cannot be decoded."},
    {"image_truncated", 400, A::fix_request, "The image data ends early."},
    {"image_unsupported_format", 400, A::fix_request, "The image format is not supported."},
    {"image_too_large_bytes", 413, A::fix_request, "The image is too large."},
    {"image_too_many_pixels", 413, A::fix_request, "The image has too many pixels."},
    // The seller's admin API (docs/admin.md).
    {"admin_unauthorized", 401, A::fix_request,
     "Admin API: send Authorization: Bearer <the data directory's admin.token>."},
    {"admin_forbidden_remote", 403, A::none,
     "Admin API: only loopback addresses may call it while the listener has no TLS."},
    {"admin_service_unknown", 404, A::fix_request, "Admin API: no service has this name."},
    {"admin_token_unknown", 404, A::fix_request,
     "Admin API: the ledger has no token with this id."},
    {"admin_invalid_request", 400, A::fix_request,
     "Admin API: a parameter or body field is missing or has an unusable value."},
    {"admin_revocation_unavailable", 503, A::retry,
     "Admin API: the revocation could not be written; try again."},
    // Other routes.
    {"not_found", 404, A::none, "No such route."},
    {"method_not_allowed", 405, A::fix_request, "The route does not take this method."},
    {"media_not_found", 404, A::none, "No such media file."},
    {"media_expired", 410, A::none, "The media file is past its retention."},
    {"media_read_failed", 500, A::retry, "The media file could not be read."},
    {"qr_text_too_long", 400, A::fix_request, "GET /qr.svg: the text is too long for a QR code."},
    {"invoice_unknown", 404, A::none, "Settlement: the node does not know this invoice."},
    {"invoice_expired", 410, A::pay_again, "The invoice expired unpaid: request a new challenge."},
    {"invoice_cancelled", 410, A::pay_again, "The invoice was cancelled: request a new challenge."},
    {"not_an_invoice", 400, A::fix_request, "/dev/pay: this is not a BOLT11 invoice."},
    {"foreign_invoice", 400, A::fix_request,
     "/dev/pay: the development node did not make this invoice."},
    {"wrong_network", 400, A::fix_request, "/dev/pay: only regtest invoices are paid."},
    {"no_amount", 400, A::fix_request, "/dev/pay: the invoice has no amount."},
});

}  // namespace

std::string_view to_string(ErrorAction action) {
  switch (action) {
    case ErrorAction::retry:
      return "retry";
    case ErrorAction::pay_again:
      return "pay_again";
    case ErrorAction::fix_request:
      return "fix_request";
    case ErrorAction::none:
      return "none";
  }
  return "none";
}

std::span<const ErrorCodeInfo> error_catalogue() {
  return kCatalogue;
}

const ErrorCodeInfo* find_error_code(std::string_view code) {
  for (const auto& e : kCatalogue)
    if (e.code == code) return &e;
  return nullptr;
}

std::string error_catalogue_json() {
  boost::json::array codes;
  for (const auto& e : kCatalogue) {
    codes.push_back(boost::json::object{{"code", e.code},
                                        {"status", e.status},
                                        {"action", to_string(e.action)},
                                        {"meaning", e.meaning}});
  }
  return boost::json::serialize(boost::json::object{{"codes", std::move(codes)}});
}

}  // namespace l402d::api
