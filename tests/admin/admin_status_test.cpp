#include "admin/admin_status.hpp"

#include "admin/admin_openapi.hpp"
#include "admin_fixture.hpp"

namespace l402d::admin::testing {
namespace {

using http::Status;
using http::Verb;

using AdminStatus = AdminFixture;

TEST_F(AdminStatus, SaysWhatTheServerRunsWith) {
  const auto r = run({Verb::get, "/api/admin/status"});
  ASSERT_EQ(r.status(), Status::ok);
  const auto body = body_of(r).as_object();
  EXPECT_EQ(body.at("backend"), "builtin");
  EXPECT_EQ(body.at("network"), "regtest");
  EXPECT_EQ(body.at("node_id").as_string(), "02" + std::string(64, 'a'));
  EXPECT_EQ(body.at("version").as_string(), build_version());
  EXPECT_FALSE(build_version().empty());
  EXPECT_EQ(body.at("started_at").to_number<std::int64_t>(), kNow - 60);
  EXPECT_EQ(body.size(), 5u);
}

TEST_F(AdminStatus, NeedsTheToken) {
  const auto r = run({Verb::get, "/api/admin/status", "", "127.0.0.1", false, ""});
  EXPECT_EQ(r.status(), Status::unauthorized);
  EXPECT_EQ(code_of(r), "admin_unauthorized");
  EXPECT_EQ(run({Verb::post, "/api/admin/status"}).status(), Status::not_found);
}

// A node that does not say its key or network is shown as empty, not absent.
TEST(AdminStatusJson, EmptyFactsStayInTheShape) {
  const auto j = status_json(NodeFacts{"lnbits", "", "", "9.9.9", 5});
  EXPECT_EQ(j.at("node_id"), "");
  EXPECT_EQ(j.at("network"), "");
  EXPECT_EQ(j.at("version"), "9.9.9");
}

TEST(AdminStatusOpenApi, IsDescribed) {
  boost::json::object doc;
  add_admin_openapi(doc);
  const auto& op = doc.at("paths").at("/api/admin/status").at("get");
  EXPECT_EQ(op.at("operationId"), "adminStatus");
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("AdminStatus"));
}

}  // namespace
}  // namespace l402d::admin::testing
