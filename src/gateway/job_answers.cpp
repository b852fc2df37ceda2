#include "gateway/job_answers.hpp"

#include <boost/json.hpp>

namespace l402d::gateway {

namespace json = boost::json;

void add_job_headers(http::Response& res, const JobAnswer& a) {
  res.head().set("X-Job-Id", a.job.job_id);
  res.head().set("X-Poll-Url", a.poll_url);
  res.head().set("X-Poll-Interval-Ms", std::to_string(a.poll_interval.count()));
}

http::Response job_accepted_response(const http::Request& request, const JobAnswer& a) {
  json::object body{{"job_id", a.job.job_id},
                    {"requestId", a.job.job_id},
                    {"service", a.job.service},
                    {"status", a.job.stage == "queued" ? "queued" : "processing"},
                    {"stage", a.job.stage},
                    {"poll_url", a.poll_url},
                    {"poll_interval_ms", a.poll_interval.count()}};
  if (a.job.percent >= 0) body["percent"] = a.job.percent;
  if (a.job.queue_position > 0) body["queue_position"] = a.job.queue_position;
  if (!a.callback_secret.empty()) {
    body["callback_url"] = a.job.callback_url;
    body["callback_secret"] = a.callback_secret;
  }
  http::Response res = http::make_response(request, http::Status::accepted, "application/json",
                                           json::serialize(body));
  add_job_headers(res, a);
  res.set(http::Field::location, a.poll_url);
  const auto seconds = std::max<std::int64_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(a.poll_interval).count());
  res.set(http::Field::retry_after, std::to_string(seconds));
  res.head().set("Preference-Applied", "respond-async");
  res.set(http::Field::cache_control, "no-store");
  return res;
}

std::string callback_body(const store::JobRecord& job, const paywall::WorkOutcome& outcome) {
  json::object body{{"job_id", job.job_id}, {"service", job.service}};
  if (const auto* result = std::get_if<paywall::WorkResult>(&outcome)) {
    body["status"] = "completed";
    body["http_status"] = result->status;
    body["content_type"] = result->content_type;
    // A JSON result is embedded as JSON; anything else as text.
    json::error_code ec;
    auto parsed = result->content_type.starts_with("application/json")
                      ? json::parse(result->body, ec)
                      : json::value(result->body);
    body["result"] = ec ? json::value(result->body) : std::move(parsed);
  } else {
    const auto& failure = std::get<paywall::WorkFailure>(outcome);
    body["status"] = "failed";
    body["error"] = json::object{{"code", failure.code}, {"message", failure.message}};
  }
  return json::serialize(body);
}

}  // namespace l402d::gateway
