#include "mcp/tool_calls.hpp"

#include <boost/json.hpp>

#include "mcp/call_credential.hpp"
#include "mcp/in_process_request.hpp"

namespace l402d::mcp {

namespace {

RpcError invalid_params(std::string message) {
  return RpcError{RpcCode::invalid_params, std::move(message)};
}

boost::asio::awaitable<http::StringResponse> send(const CallContext& ctx,
                                                  const InProcessRequest& request) {
  auto exchange = in_process_exchange(ctx.outer, request);
  auto response = co_await ctx.dispatch(exchange);
  co_return as_string_response(std::move(response));
}

void add_credential(InProcessRequest& request, const std::optional<CredentialHeader>& credential) {
  if (credential) request.headers.emplace_back(credential->name, credential->value);
}

// A bad `payment` argument is the agent's to fix (a tool error it reads); a
// bad _meta credential is the client library's (invalid params, as the MPP
// draft asks).
CallOutcome credential_refused(const CredentialProblem& problem) {
  if (problem.in_meta) return unexpected(invalid_params(problem.message));
  return tool_error(problem.message);
}

boost::asio::awaitable<CallOutcome> call_paid(const PaidTool& tool, const json::object& arguments,
                                              const json::object& params, const CallContext& ctx) {
  auto credential = credential_of(arguments, params);
  if (!credential) co_return credential_refused(credential.error());
  InProcessRequest request{
      http::Verb::post, tool.path, json::serialize(without_payment(arguments)), {}};
  add_credential(request, *credential);
  if (tool.long_running && *credential) request.headers.emplace_back("Prefer", "respond-async");
  auto answer = co_await send(ctx, request);
  const AnswerTerms terms{tool.name, ctx.resource_links, ctx.mpp_in_band};
  co_return tool_result_of(answer, terms);
}

json::object json_result(const http::StringResponse& answer, std::string words) {
  json::error_code ec;
  auto body = json::parse(answer.body(), ec);
  json::object result{{"content", json::array{json::object{{"type", "text"}, {"text", words}}}},
                      {"isError", false}};
  if (!ec && body.is_object()) result["structuredContent"] = std::move(body);
  return result;
}

boost::asio::awaitable<CallOutcome> list_services(const CallContext& ctx) {
  const InProcessRequest request{http::Verb::get, "/.well-known/l402-services", {}, {}};
  auto answer = co_await send(ctx, request);
  if (answer.result() != http::Status::ok) {
    const AnswerTerms terms{"list_services"};
    co_return tool_result_of(answer, terms);
  }
  co_return json_result(answer, answer.body());
}

boost::asio::awaitable<CallOutcome> quote(const json::object& arguments, const CallContext& ctx) {
  const auto* name = arguments.if_contains("tool");
  const auto* tool = name && name->is_string() ? ctx.tools.find_paid(name->get_string()) : nullptr;
  if (!tool) co_return tool_error("quote needs \"tool\": the name of a paid tool.");
  const auto* args = arguments.if_contains("arguments");
  json::object body =
      args && args->is_object() ? without_payment(args->get_object()) : json::object{};
  json::object asked{{"method", "POST"}, {"path", tool->path}, {"body", std::move(body)}};
  const InProcessRequest request{http::Verb::post, "/api/quote", json::serialize(asked), {}};
  auto answer = co_await send(ctx, request);
  if (answer.result() != http::Status::ok) {
    const AnswerTerms terms{tool->name};
    co_return tool_result_of(answer, terms);
  }
  const auto price = json::parse(answer.body()).as_object();
  co_return json_result(answer, tool->name + " with these arguments costs " +
                                    json::serialize(price.at("price_sats")) + " sats (" +
                                    json::serialize(price.at("price_msat")) + " msat).");
}

// Job ids are hex; anything else could steer the in-process path elsewhere.
bool plausible_job_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 &&
         id.find_first_not_of("0123456789abcdefABCDEF-_") == std::string_view::npos;
}

std::string progress_words(const json::object& job) {
  const auto* stage = job.if_contains("stage");
  return "The job is still running (stage " +
         (stage && stage->is_string() ? std::string(stage->get_string()) : std::string("?")) +
         "). Call check_job again in a few seconds.";
}

boost::asio::awaitable<CallOutcome> check_job(const json::object& arguments,
                                              const json::object& params, const CallContext& ctx) {
  const auto* id = arguments.if_contains("job_id");
  if (!id || !id->is_string() || !plausible_job_id(id->get_string()))
    co_return tool_error("check_job needs \"job_id\": the job_id a paid call answered with.");
  auto credential = credential_of(arguments, params);
  if (!credential) co_return credential_refused(credential.error());
  InProcessRequest request{
      http::Verb::get, "/api/l402/jobs/" + std::string(id->get_string()), {}, {}};
  add_credential(request, *credential);
  auto answer = co_await send(ctx, request);
  if (answer.result() == http::Status::accepted) {
    json::error_code ec;
    auto job = json::parse(answer.body(), ec);
    co_return json_result(
        answer, progress_words(ec || !job.is_object() ? json::object{} : job.as_object()));
  }
  const AnswerTerms terms{"check_job", ctx.resource_links, false};
  co_return tool_result_of(answer, terms);
}

}  // namespace

boost::asio::awaitable<CallOutcome> call_tool(const json::object& params, const CallContext& ctx) {
  const auto* name = params.if_contains("name");
  if (!name || !name->is_string())
    co_return unexpected(invalid_params("tools/call needs \"name\"."));
  const auto* given = params.if_contains("arguments");
  if (given && !given->is_object() && !given->is_null())
    co_return unexpected(invalid_params("\"arguments\" must be an object."));
  const json::object arguments = given && given->is_object() ? given->get_object() : json::object{};
  const std::string_view tool = name->get_string();
  if (const auto* paid = ctx.tools.find_paid(tool))
    co_return co_await call_paid(*paid, arguments, params, ctx);
  if (tool == "list_services") co_return co_await list_services(ctx);
  if (tool == "quote") co_return co_await quote(arguments, ctx);
  if (tool == "check_job") co_return co_await check_job(arguments, params, ctx);
  co_return unexpected(invalid_params("Unknown tool: " + std::string(tool) + "."));
}

}  // namespace l402d::mcp
