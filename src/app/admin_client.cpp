#include "app/admin_client.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "admin/admin_token.hpp"

namespace l402d::app {

namespace json = boost::json;

std::string admin_base_url(const Config& config, const std::string& url) {
  if (!url.empty()) return url.back() == '/' ? url.substr(0, url.size() - 1) : url;
  return local_url(config, config.server.port);
}

net::HttpResponse admin_call(const Config& config, const std::string& url,
                             const std::string& method, const std::string& path,
                             const std::string& body) {
  const auto token = admin::read_admin_token(config.data_dir);
  net::HttpRequest req;
  req.method = method;
  req.url = admin_base_url(config, url) + "/api/admin/" + path;
  req.headers = {{"Authorization", "Bearer " + token}};
  if (!body.empty()) {
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body;
  }
  req.timeout = std::chrono::seconds(30);
  // Our own listener: its certificate is the one to trust, whatever signed it.
  if (config.server.tls) req.pinned_cert_file = config.server.tls->cert_file;
  return net::perform(req);
}

std::string admin_error_text(const net::HttpResponse& r) {
  boost::system::error_code ec;
  const auto body = json::parse(r.body, ec);
  if (!ec && body.is_object()) {
    if (const auto* e = body.as_object().if_contains("error"); e && e->is_object()) {
      const auto& o = e->as_object();
      return json::value_to<std::string>(o.at("code")) + ": " +
             json::value_to<std::string>(o.at("message"));
    }
  }
  return "HTTP " + std::to_string(r.status);
}

}  // namespace l402d::app
