#include "api/discovery.hpp"

#include <boost/json.hpp>

#include "engines/music/audio/formats.hpp"

namespace l402d::api {

namespace json = boost::json;

namespace {

json::object error_schema() {
  return {{"type", "object"},
          {"required", json::array{"error"}},
          {"properties",
           json::object{{"error", json::object{{"type", "object"},
                                               {"required", json::array{"code", "message"}},
                                               {"properties", json::object{
                                                                  {"code", {{"type", "string"}}},
                                                                  {"message", {{"type", "string"}}},
                                                                  {"field", {{"type", "string"}}},
                                                              }}}}}}};
}

json::array sample_rates() {
  json::array a;
  for (int r : engines::music::audio::accepted_sample_rates())
    a.push_back(r);
  return a;
}

json::array all_bitrates() {
  json::array a;
  for (int b : engines::music::audio::mp3_bitrates(44100))
    a.push_back(b);
  return a;
}

json::object music_schema() {
  return {{"type", "object"},
          {"required", json::array{"prompt", "lyrics", "model"}},
          {"properties",
           json::object{
               {"prompt",
                {{"type", "string"},
                 {"minLength", 10},
                 {"maxLength", 300},
                 {"description", "Music style description."}}},
               {"lyrics",
                {{"type", "string"},
                 {"minLength", 10},
                 {"maxLength", 600},
                 {"description",
                  "Song lyrics. Section tags [Intro] [Verse] [Pre-Chorus] [Chorus] [Bridge] "
                  "[Outro] are honoured."}}},
               {"model", {{"type", "string"}, {"enum", json::array{"Music Generation"}}}},
               {"sample_rate", {{"type", "integer"}, {"default", 44100}, {"enum", sample_rates()}}},
               {"bitrate",
                {{"type", "integer"},
                 {"default", 256000},
                 {"description",
                  "Bits per second, mp3 only. At 32000-48000 Hz: 32000-320000 (MPEG-1 steps); at "
                  "16000-24000 Hz: 8000-160000; at 8000-12000 Hz: 8000-64000."},
                 {"examples", all_bitrates()}}},
               {"audio_format",
                {{"type", "string"},
                 {"default", "mp3"},
                 {"enum", json::array{"mp3", "wav", "pcm"}},
                 {"description", "pcm is raw signed 16-bit little-endian stereo, no header."}}},
           }}};
}

json::object vision_schema() {
  return {{"type", "object"},
          {"required", json::array{"image", "model"}},
          {"properties",
           json::object{
               {"image",
                {{"type", "string"},
                 {"description",
                  "Base64-encoded image or data URI (data:image/png;base64,...). Without a "
                  "prefix PNG is assumed; the content decides. PNG, JPEG, WebP, BMP, TIFF."}}},
               {"prompt",
                {{"type", "string"}, {"default", "What's in this image?"}, {"maxLength", 2000}}},
               {"model", {{"type", "string"}, {"enum", json::array{"Vision Chat"}}}},
           }}};
}

json::object paid_operation(const std::string& summary, json::object request_schema,
                            json::object ok_schema, const ServiceListing& s) {
  json::object responses{
      {"200",
       {{"description", "The result (paid request)."},
        {"content", {{"application/json", {{"schema", std::move(ok_schema)}}}}}}},
      {"400",
       {{"description", "Invalid input; no invoice is issued."},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}},
      {"402",
       {{"description",
         "Payment required: pay the invoice, then repeat the identical request with "
         "Authorization: L402 <macaroon>:<preimage>. Also returned with a fresh challenge "
         "for an invalid, expired or spent-elsewhere credential."},
        {"headers",
         {{"WWW-Authenticate",
           {{"schema", {{"type", "string"}}},
            {"description", "L402 macaroon=\"<base64>\", invoice=\"<bolt11>\""}}}}},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Challenge"}}}}}}}}},
      {"503",
       {{"description", "Busy or engine failure; a paid token stays redeemable. See Retry-After."},
        {"content",
         {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}},
  };
  return {{"summary", summary},
          {"description", s.description + " Price: " + std::to_string(s.price_sats) + " sats."},
          {"operationId", s.name},
          {"security", json::array{json::object{{"L402", json::array{}}}}},
          {"x-price-sats", s.price_sats},
          {"requestBody",
           {{"required", true},
            {"content", {{"application/json", {{"schema", std::move(request_schema)}}}}}}},
          {"responses", std::move(responses)}};
}

}  // namespace

std::string openapi_json(const Catalogue& c) {
  json::object paths;
  for (const auto& s : c.services) {
    if (s.name == "music") {
      paths["/api/l402/music"] = {
          {"post",
           paid_operation("Generate an original song", music_schema(),
                          {{"type", "object"},
                           {"required", json::array{"audioUrl"}},
                           {"properties", {{"audioUrl", {{"type", "string"}, {"format", "uri"}}}}}},
                          s)}};
    } else if (s.name == "vision") {
      paths["/api/l402/vision"] = {
          {"post", paid_operation("Answer a question about an image", vision_schema(),
                                  {{"type", "object"},
                                   {"required", json::array{"content"}},
                                   {"properties", {{"content", {{"type", "string"}}}}}},
                                  s)}};
    }
  }
  paths["/media/{name}"] = {
      {"get",
       {{"summary", "Download generated media (ranges supported) until the retention ends."},
        {"parameters", json::array{json::object{{"name", "name"},
                                                {"in", "path"},
                                                {"required", true},
                                                {"schema", {{"type", "string"}}}}}},
        {"responses",
         {{"200", {{"description", "The file."}}},
          {"206", {{"description", "A byte range."}}},
          {"404", {{"description", "Unknown."}}},
          {"410", {{"description", "Expired."}}}}}}}};
  if (c.dev_payments) {
    paths["/dev/pay"] = {
        {"post",
         {{"summary", "Development node only: simulate paying an invoice, returns the preimage."},
          {"requestBody",
           {{"content",
             {{"application/json",
               {{"schema",
                 {{"type", "object"}, {"properties", {{"invoice", {{"type", "string"}}}}}}}}}}}}},
          {"responses", {{"200", {{"description", "{\"preimage\": \"<hex>\"}"}}}}}}}};
  }
  json::object doc{
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "l402d"},
        {"version", "0.1.0"},
        {"description",
         "AI work sold per request over Bitcoin Lightning with L402. Send a request without "
         "credentials to get 402 with a macaroon and an invoice; pay; repeat the identical "
         "request with Authorization: L402 <macaroon>:<preimage hex>."}}},
      {"servers", json::array{json::object{{"url", c.public_url}}}},
      {"paths", std::move(paths)},
      {"components",
       {{"securitySchemes",
         {{"L402",
           {{"type", "http"},
            {"scheme", "L402"},
            {"description", "Authorization: L402 <base64 macaroon>:<hex preimage>"}}}}},
        {"schemas",
         {{"Error", error_schema()},
          {"Challenge",
           {{"type", "object"},
            {"properties",
             {{"error", error_schema().at("properties").at("error")},
              {"service", {{"type", "string"}}},
              {"price_sats", {{"type", "integer"}}},
              {"invoice", {{"type", "string"}}},
              {"macaroon", {{"type", "string"}}},
              {"payment_hash", {{"type", "string"}}},
              {"expires_at", {{"type", "integer"}, {"description", "unix seconds"}}}}}}}}}}}};
  return json::serialize(doc);
}

std::string well_known_json(const Catalogue& c) {
  json::array services;
  for (const auto& s : c.services) {
    services.push_back(json::object{{"name", s.name},
                                    {"description", s.description},
                                    {"method", "POST"},
                                    {"endpoint", c.public_url + "/api/l402/" + s.name},
                                    {"price_sats", s.price_sats},
                                    {"pricing", "fixed"}});
  }
  json::object doc{
      {"version", "1"},
      {"protocols", json::array{"L402"}},
      {"challenge", "WWW-Authenticate: L402 macaroon=\"<base64>\", invoice=\"<bolt11>\""},
      {"credential", "Authorization: L402 <base64 macaroon>:<hex preimage>"},
      {"token_rules",
       {{"single_use", true},
        {"bound_to_request", true},
        {"invoice_expiry_seconds", c.invoice_expiry_seconds},
        {"token_validity_seconds", c.token_validity_seconds},
        {"result_retention_seconds", c.result_retention_seconds}}},
      {"services", std::move(services)},
      {"openapi", c.public_url + "/api/openapi.json"},
      {"development_payments", c.dev_payments}};
  return json::serialize(doc);
}

}  // namespace l402d::api
