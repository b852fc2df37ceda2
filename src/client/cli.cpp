#include "client/cli.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "client/budget.hpp"
#include "client/config.hpp"
#include "client/decode_command.hpp"
#include "client/exit_codes.hpp"
#include "client/fetcher.hpp"
#include "client/mcp_stdio_server.hpp"
#include "client/mcp_tools.hpp"
#include "client/progress.hpp"
#include "client/purchaser.hpp"
#include "client/sats_text.hpp"
#include "client/token_cache.hpp"
#include "client/tokens_command.hpp"
#include "client/url.hpp"
#include "client/wallet.hpp"
#include "util/clock.hpp"

namespace l402d::client {

namespace json = boost::json;

namespace {

struct FetchArgs {
  std::string url;
  std::string method;
  std::vector<std::string> headers;
  std::optional<std::string> data;
  std::string output;
  std::optional<std::uint64_t> max_sats;
  std::optional<std::uint64_t> max_fee_sats;
  bool dry_run = false;
  std::string wallet;
  std::string network;
  bool silent = false;
  double max_time = 900;
  bool download = false;
  std::string download_dir = ".";
  double progress_interval = 5;
};

struct McpArgs {
  std::string wallet;
  std::optional<std::uint64_t> max_sats;
  std::optional<std::uint64_t> max_fee_sats;
  std::optional<std::uint64_t> daily_budget_sats;
  std::vector<std::string> allow;
  double max_time = 900;
};

// Without a daily limit of the person's own, an agent gets this many calls'
// worth of sats a day: a loop that keeps buying stops, a normal day does not.
constexpr std::uint64_t kMcpDefaultDailyCalls = 10;

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string read_stream(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string request_body(const std::string& data, std::istream* in) {
  if (data.empty() || data.front() != '@') return data;
  std::string name = data.substr(1);
  if (name == "-") {
    if (!in) throw UsageError("-d @-: no standard input");
    return read_stream(*in);
  }
  std::ifstream f(name, std::ios::binary);
  if (!f) throw UsageError("-d @" + name + ": cannot read the file");
  return read_stream(f);
}

std::pair<std::string, std::string> parse_header(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) {
    throw UsageError("-H '" + text + "': expected 'Name: value'");
  }
  std::string value = text.substr(colon + 1);
  auto first = value.find_first_not_of(" \t");
  value = first == std::string::npos ? "" : value.substr(first);
  return {text.substr(0, colon), value};
}

bool has_header(const std::vector<std::pair<std::string, std::string>>& headers,
                std::string_view lower_name) {
  for (const auto& [k, v] : headers) {
    std::string l = k;
    for (auto& c : l)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l == lower_name) return true;
  }
  return false;
}

void write_body(const std::string& body, const std::string& output, std::ostream& out) {
  if (output.empty() || output == "-") {
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    out.flush();
    return;
  }
  std::ofstream f(output, std::ios::binary | std::ios::trunc);
  f.write(body.data(), static_cast<std::streamsize>(body.size()));
  if (!f) throw UsageError("-o " + output + ": cannot write the file");
}

// The last path segment of a URL, reduced to characters safe in a file name:
// the server chooses it, so it must not reach outside the download directory.
std::string download_name(const std::string& url) {
  std::string path;
  try {
    path = parse_url(url).path;
  } catch (const std::exception&) {
    path = url;
  }
  std::string name = path.substr(path.rfind('/') + 1);
  std::string safe;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') {
      safe += c;
    }
  }
  if (safe.empty() || safe.find_first_not_of('.') == std::string::npos) safe = "download";
  return safe;
}

std::chrono::milliseconds seconds_to_ms(double s) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000));
}

void print_quote(const Quote& q, const std::string& url, std::ostream& out) {
  out << "url:          " << url << "\n"
      << "scheme:       " << q.scheme << "\n"
      << "price:        " << q.amount_sats << " sats (" << q.amount_msat << " msat)\n"
      << "max fee:      " << sats_text(q.fee_limit_msat) << " sats\n"
      << "network:      " << q.network << "\n";
  if (!q.description.empty()) out << "description:  " << q.description << "\n";
  out << "payment hash: " << q.payment_hash << "\n"
      << "expires:      " << iso_time(q.expires_at) << "\n"
      << "verdict:      " << (q.refusal.empty() ? "would pay" : "would refuse: " + q.refusal)
      << "\n";
}

int download_audio(const std::string& body, const UrlParts& base, const FetchArgs& a,
                   const Transport& transport, std::ostream& err) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  const json::value* audio = nullptr;
  if (!ec && v.is_object()) audio = v.as_object().if_contains("audioUrl");
  if (!audio || !audio->is_string()) {
    err << "l402: --download: the response has no \"audioUrl\"\n";
    return kExitHttp;
  }
  net::HttpRequest req;
  req.url = resolve_url(base, std::string_view(audio->as_string()));
  req.timeout = seconds_to_ms(a.max_time);
  req.max_response_bytes = 1024UL * 1024 * 1024;
  req.follow_redirects = true;  // a plain file download: no credentials to leak
  net::HttpResponse res;
  try {
    res = transport(req);
  } catch (const net::HttpError& e) {
    err << "l402: --download: " << e.what() << "\n";
    return kExitNetwork;
  }
  if (res.status < 200 || res.status >= 300) {
    err << "l402: --download: HTTP " << res.status << " for " << req.url << "\n";
    return kExitHttp;
  }
  auto path = std::filesystem::path(a.download_dir) / download_name(req.url);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(res.body.data(), static_cast<std::streamsize>(res.body.size()));
  if (!f) {
    err << "l402: --download: cannot write " << path.string() << "\n";
    return kExitUsage;
  }
  if (!a.silent) err << "l402: saved " << path.string() << " (" << res.body.size() << " bytes)\n";
  return kExitOk;
}

int run_fetch(const FetchArgs& a, const std::filesystem::path& home, const Config& config,
              const CliEnv& env) {
  std::ostream& err = *env.err;
  UrlParts url;
  try {
    url = parse_url(a.url);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  net::HttpRequest req;
  req.url = a.url;
  if (a.data) req.body = request_body(*a.data, env.in);
  req.method = !a.method.empty() ? a.method : (a.data ? "POST" : "GET");
  for (auto& c : req.method)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& h : a.headers)
    req.headers.push_back(parse_header(h));
  // The L402 APIs speak JSON; curl's form-encoded default would be wrong for them.
  if (a.data && !has_header(req.headers, "content-type")) {
    req.headers.emplace_back("Content-Type", "application/json");
  }
  req.timeout = seconds_to_ms(a.max_time);

  Transport transport = env.transport;
  if (!a.silent) transport = with_progress(transport, err, seconds_to_ms(a.progress_interval));

  Purchaser purchaser({home, config, a.wallet, std::nullopt}, transport, env.environment,
                      env.clock);
  FetchOptions options = purchaser.default_options();
  if (a.max_sats) options.max_sats = *a.max_sats;
  if (a.max_fee_sats) options.max_fee_sats = *a.max_fee_sats;
  options.dry_run = a.dry_run;
  if (!a.network.empty()) {
    options.network = parse_network(a.network);
    if (!options.network)
      throw UsageError("--network: expected mainnet, testnet, signet or regtest");
  }
  Fetcher::Notice notice;
  if (!a.silent) notice = [&err](std::string_view text) { err << "l402: " << text << "\n"; };
  FetchResult r;
  try {
    r = purchaser.buy(req, options, notice);
  } catch (const WalletError& e) {
    throw UsageError(e.what());
  }
  switch (r.status) {
    case FetchStatus::dry_run:
      if (r.quote) {
        print_quote(*r.quote, url.printable(), *env.out);
      } else {
        *env.out << r.message << "\n";
      }
      return r.exit_code();
    case FetchStatus::network_error:
    case FetchStatus::refused:
    case FetchStatus::payment_failed:
      err << "l402: " << r.message << "\n";
      return r.exit_code();
    case FetchStatus::http_error:
    case FetchStatus::ok:
      break;
  }
  write_body(r.response->body, a.output, *env.out);
  if (r.status == FetchStatus::http_error) {
    err << "l402: HTTP " << r.response->status << " from " << url.printable()
        << (r.message.empty() ? "" : ": " + r.message) << "\n";
    return r.exit_code();
  }
  if (a.download) return download_audio(r.response->body, url, a, transport, err);
  return kExitOk;
}

int run_mcp(const McpArgs& a, const std::filesystem::path& home, const Config& config,
            const CliEnv& env) {
  for (const auto& origin : a.allow) {
    try {
      parse_url(origin);
    } catch (const std::invalid_argument& e) {
      throw UsageError("--allow '" + origin + "': " + e.what());
    }
  }
  BuyerToolOptions options;
  options.caps.per_call_max_sats = a.max_sats.value_or(config.max_sats);
  options.caps.max_fee_sats = a.max_fee_sats.value_or(config.max_fee_sats);
  options.allowed_origins = a.allow;
  options.downloads = home / "downloads";
  options.timeout = seconds_to_ms(a.max_time);
  const std::uint64_t daily = a.daily_budget_sats.value_or(
      config.daily_budget_sats.value_or(options.caps.per_call_max_sats * kMcpDefaultDailyCalls));
  Purchaser purchaser({home, config, a.wallet, daily}, env.transport, env.environment, env.clock);
  try {
    purchaser.check_wallet();
  } catch (const WalletError& e) {
    throw UsageError(e.what());
  }
  BuyerTools tools(purchaser, options);
  *env.err << "l402 mcp: serving MCP on stdio; wallet " << purchaser.wallet_name() << ", at most "
           << options.caps.per_call_max_sats << " sats a call and " << daily << " a day\n";
  McpStdioServer server(tools, L402D_VERSION, *env.err);
  server.run(*env.in, *env.out);
  return kExitOk;
}

std::filesystem::path resolve_home(const CliEnv& env, const std::string& flag) {
  if (!flag.empty()) return flag;
  if (env.home) return *env.home;
  return data_dir();
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const CliEnv& env) {
  std::ostream& out = *env.out;
  std::ostream& err = *env.err;
  CLI::App app{"l402: fetch L402-priced HTTP resources, paying their Lightning invoices."};
  app.name("l402");
  app.footer(
      "Exit codes: 0 success (2xx), 1 usage/config error, 2 network error, 3 HTTP error,\n"
      "4 refused to pay, 5 payment failed or unresolved, 6 dry run. See docs/client.md.");
  app.require_subcommand(1);
  std::string home_flag;
  const std::string home_help =
      "data directory: config.toml, tokens.json, budget.json (default $L402_HOME or ~/.l402)";
  app.add_option("--home", home_flag, home_help);

  FetchArgs f;
  auto* fetch =
      app.add_subcommand("fetch", "send a request; pay its 402 (L402, MPP or x402); repeat it");
  fetch->add_option("--home", home_flag, home_help);
  fetch->add_option("url", f.url, "http:// or https:// URL")->required();
  fetch->add_option("-X,--request", f.method, "HTTP method (default GET, or POST with -d)");
  fetch->add_option("-H,--header", f.headers, "'Name: value' (repeatable)");
  fetch->add_option("-d,--data", f.data, "request body, @FILE or @- for standard input");
  fetch->add_option("-o,--output", f.output, "write the response body to FILE");
  // All the bitcoin there will ever be: larger limits are typos.
  const auto sats_range = CLI::Range(std::uint64_t{0}, std::uint64_t{2'100'000'000'000'000});
  fetch
      ->add_option("--max-sats", f.max_sats,
                   "refuse any invoice whose price plus max fee is above this (default: config "
                   "max_sats, else 1000)")
      ->check(sats_range);
  fetch
      ->add_option("--max-fee-sats", f.max_fee_sats,
                   "the most a payment may cost in fees (default: config max_fee_sats, else " +
                       std::to_string(kDefaultMaxFeeSats) + ")")
      ->check(sats_range);
  fetch->add_flag("--dry-run", f.dry_run, "show the price and stop (exit 6)");
  fetch->add_option("--wallet", f.wallet, "wallet to pay with: " + wallet_names());
  fetch->add_option("--network", f.network, "refuse invoices for other networks");
  fetch->add_flag("-s,--silent", f.silent, "no progress or notices on stderr (errors still)");
  fetch->add_option("-m,--max-time", f.max_time, "seconds allowed per HTTP exchange (default 900)");
  fetch->add_flag("--download", f.download, "also fetch the response's audioUrl to a file");
  fetch->add_option("--download-dir", f.download_dir, "where --download saves (default .)");
  fetch->add_option("--progress-interval", f.progress_interval, "seconds between progress lines")
      ->group("");

  McpArgs m;
  auto* mcp = app.add_subcommand(
      "mcp", "serve MCP on stdio: a fetch tool that pays 402s, within spending caps, for agents");
  mcp->add_option("--home", home_flag, home_help);
  mcp->add_option("--wallet", m.wallet, "wallet to pay with: " + wallet_names());
  mcp->add_option("--max-sats", m.max_sats,
                  "the most one call may pay, price plus max fee (default: config max_sats, "
                  "else 1000)")
      ->check(sats_range);
  mcp->add_option("--max-fee-sats", m.max_fee_sats, "the most a payment may cost in fees")
      ->check(sats_range);
  mcp->add_option("--daily-budget-sats", m.daily_budget_sats,
                  "the most paid in a UTC day, with everything else this data directory paid "
                  "(default: config daily_budget_sats, else 10 times --max-sats)")
      ->check(sats_range);
  mcp->add_option("--allow", m.allow,
                  "buy only from this origin, e.g. https://api.example.com (repeatable)");
  mcp->add_option("-m,--max-time", m.max_time, "seconds allowed per HTTP exchange (default 900)");

  std::string decode_input;
  bool decode_json = false;
  auto* decode = app.add_subcommand("decode",
                                    "show what a macaroon, invoice, credential or "
                                    "WWW-Authenticate challenge says");
  decode->add_option("input", decode_input, "TOKEN|INVOICE|'L402 mac:preimage'|challenge")
      ->required();
  decode->add_flag("--json", decode_json, "JSON output");

  auto* tokens = app.add_subcommand("tokens", "cached credentials and receipts of what was bought");
  tokens->require_subcommand(1);
  tokens->add_option("--home", home_flag, home_help);
  TokensListOptions list_opts;
  auto* tokens_list =
      tokens->add_subcommand("list", "list cached credentials and receipts (state used)");
  tokens_list->add_flag("--json", list_opts.json, "JSON output");
  tokens_list->add_option("--home", home_flag, home_help);
  tokens_list->add_flag("--show-secrets", list_opts.show_secrets,
                        "include macaroons, invoices and preimages");
  std::string rm_id;
  bool rm_all = false;
  auto* tokens_rm = tokens->add_subcommand("rm", "remove a cached credential or receipt");
  tokens_rm->add_option("id", rm_id, "ID or unique prefix (see tokens list)");
  tokens_rm->add_flag("--all", rm_all, "remove every cached credential");
  tokens_rm->add_option("--home", home_flag, home_help);

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;
  }

  try {
    if (*decode) {
      auto text = decode_command(decode_input, {decode_json, env.clock()});
      if (!text) {
        err << "l402: " << text.error() << "\n";
        return kExitUsage;
      }
      out << *text;
      return kExitOk;
    }
    auto home = resolve_home(env, home_flag);
    if (*tokens) {
      TokenCache cache(home / "tokens.json");
      if (*tokens_list) {
        list_tokens(cache, list_opts, out);
        return kExitOk;
      }
      return remove_tokens(cache, rm_id, rm_all, out, err);
    }
    auto config = load_config(home / "config.toml");
    if (*mcp) return run_mcp(m, home, config, env);
    return run_fetch(f, home, config, env);
  } catch (const UsageError& e) {
    err << "l402: " << e.what() << "\n";
    return kExitUsage;
  } catch (const ConfigError& e) {
    err << "l402: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    err << "l402: " << e.what() << "\n";
    return kExitUsage;
  }
}

int main_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  CliEnv env;
  env.out = &std::cout;
  env.err = &std::cerr;
  env.in = &std::cin;
  return run_cli(args, env);
}

}  // namespace l402d::client
