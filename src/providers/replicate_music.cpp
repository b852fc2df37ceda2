#include "providers/replicate_music.hpp"

#include <boost/json.hpp>
#include <thread>

#include "providers/audio_probe.hpp"
#include "providers/openai_vision.hpp"  // throw_provider_error / throw_transport_error

namespace l402d::providers {

namespace json = boost::json;

namespace {

constexpr std::string_view kProvider = "Replicate";

std::string str_field(const json::object& o, std::string_view key) {
  if (const auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
  return {};
}

std::string output_url(const json::object& prediction) {
  const auto* out = prediction.if_contains("output");
  if (!out) return {};
  if (out->is_string()) return std::string(out->as_string());
  if (out->is_array() && !out->as_array().empty() && out->as_array().front().is_string()) {
    return std::string(out->as_array().front().as_string());
  }
  return {};
}

std::string host_of(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto rest = url.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find_first_of("/?#")));
}

std::string content_type_for(const std::string& format, int sample_rate) {
  if (format == "mp3") return "audio/mpeg";
  if (format == "wav") return "audio/wav";
  (void)sample_rate;
  // Raw s16le: audio/L16 would claim network byte order.
  return "application/octet-stream";
}

}  // namespace

ReplicateMusic::ReplicateMusic(ReplicateMusicOptions options, Transcoder transcoder,
                               std::function<void(std::chrono::milliseconds)> sleep)
    : options_(std::move(options)), transcoder_(std::move(transcoder)), sleep_(std::move(sleep)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
  if (!sleep_) sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

std::string ReplicateMusic::name() const {
  return "replicate:" + options_.model;
}

net::HttpResponse ReplicateMusic::api(const std::string& method, const std::string& url,
                                      std::string body, bool prefer_wait) const {
  net::HttpRequest req;
  req.method = method;
  req.url = url;
  req.body = std::move(body);
  req.timeout = options_.request_timeout;
  req.headers.emplace_back("Authorization", "Bearer " + options_.api_token);
  req.headers.emplace_back("Content-Type", "application/json");
  if (prefer_wait && options_.prefer_wait_seconds > 0) {
    req.headers.emplace_back("Prefer", "wait=" + std::to_string(options_.prefer_wait_seconds));
  }
  try {
    // Creating a prediction is not idempotent, but Replicate only answers 429/5xx
    // when it did not start one, so a retry never runs (or bills) a job twice.
    return net::perform_with_retries(req, options_.retry, sleep_);
  } catch (const net::HttpError& e) {
    throw_transport_error(kProvider, e);
  }
}

engines::MusicResult ReplicateMusic::compose(const engines::MusicJob& job) {
  auto started = std::chrono::steady_clock::now();
  json::object input{{"prompt", job.prompt},
                     {"lyrics", job.lyrics},
                     {"sample_rate", job.sample_rate},
                     {"bitrate", job.bitrate},
                     {"audio_format", job.audio_format}};
  std::string url;
  json::object body{{"input", std::move(input)}};
  if (options_.version.empty()) {
    url = options_.base_url + "/models/" + options_.model + "/predictions";
  } else {
    url = options_.base_url + "/predictions";
    body["version"] = options_.version;
  }
  auto res = api("POST", url, json::serialize(body), true);
  if (res.status != 200 && res.status != 201 && res.status != 202) {
    throw_provider_error(kProvider, res.status, res.body);
  }

  json::object prediction;
  auto parse = [&](const std::string& text) {
    json::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      throw engines::EngineError("provider_bad_response", "Replicate answered with invalid JSON");
    }
    prediction = std::move(v.as_object());
  };
  parse(res.body);

  for (;;) {
    auto status = str_field(prediction, "status");
    if (status == "succeeded") break;
    if (status == "failed" || status == "canceled" || status == "aborted") {
      auto error = str_field(prediction, "error");
      if (error.size() > 300) error = error.substr(0, 300) + "...";
      throw engines::EngineError("provider_failed",
                                 "the music model on Replicate " + status +
                                     (error.empty() ? std::string() : ": " + error));
    }
    if (std::chrono::steady_clock::now() - started > options_.timeout) {
      // Cancel so the seller is not billed for a result nobody will collect.
      if (const auto* urls = prediction.if_contains("urls"); urls && urls->is_object()) {
        if (auto cancel = str_field(urls->as_object(), "cancel"); !cancel.empty()) {
          try {
            api("POST", cancel, "", false);
          } catch (const engines::EngineError&) {
          }
        }
      }
      throw engines::EngineError("provider_timeout",
                                 "the music model on Replicate did not finish in time");
    }
    std::string get;
    if (const auto* urls = prediction.if_contains("urls"); urls && urls->is_object()) {
      get = str_field(urls->as_object(), "get");
    }
    if (get.empty()) get = options_.base_url + "/predictions/" + str_field(prediction, "id");
    sleep_(options_.poll_interval);
    auto poll = api("GET", get, "", false);
    if (poll.status != 200) throw_provider_error(kProvider, poll.status, poll.body);
    parse(poll.body);
  }

  auto out = output_url(prediction);
  if (out.empty()) {
    throw engines::EngineError("provider_bad_response",
                               "Replicate succeeded without an output URL");
  }
  net::HttpRequest download;
  download.url = out;
  download.timeout = options_.request_timeout;
  download.max_response_bytes = options_.max_download_bytes;
  // Delivery hosts may redirect to storage; with the token attached the client
  // returns the redirect instead (net/credentials.hpp).
  download.follow_redirects = true;
  // The token authorises API calls only; output files live on delivery hosts.
  if (host_of(out) == host_of(options_.base_url)) {
    download.headers.emplace_back("Authorization", "Bearer " + options_.api_token);
  }
  net::HttpResponse file;
  try {
    file = net::perform_with_retries(download, options_.retry, sleep_);
  } catch (const net::HttpError& e) {
    throw_transport_error(kProvider, e);
  }
  if (file.status != 200) throw_provider_error(kProvider, file.status, file.body);

  Bytes audio(file.body.begin(), file.body.end());
  auto facts = probe_audio(audio);
  bool matches = false;
  if (job.audio_format == "mp3") {
    matches = facts.format == "mp3" && facts.sample_rate == job.sample_rate &&
              facts.bitrate == job.bitrate;
  } else if (job.audio_format == "wav") {
    matches = facts.format == "wav" && facts.sample_rate == job.sample_rate &&
              facts.bits_per_sample == 16;
  }
  // Raw pcm carries no header, so it can never be checked: always rebuild it.
  if (!matches) {
    if (!transcoder_) {
      throw engines::EngineError("provider_format_mismatch",
                                 "Replicate returned audio in another format and no transcoder "
                                 "is configured",
                                 false);
    }
    return transcoder_(audio, job);
  }
  engines::MusicResult result;
  result.audio = std::move(audio);
  result.extension = job.audio_format;
  result.content_type = content_type_for(job.audio_format, job.sample_rate);
  result.summary = "replicate " + options_.model;
  return result;
}

}  // namespace l402d::providers
