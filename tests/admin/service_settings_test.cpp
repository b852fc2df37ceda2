#include "admin_fixture.hpp"

namespace l402d::admin::testing {
namespace {

using ServiceSettingsTest = AdminFixture;

TEST_F(ServiceSettingsTest, AtFirstEveryServiceRunsAsConfigured) {
  settings->reload();
  for (const auto& v : settings->list()) {
    EXPECT_FALSE(v.price_override) << v.facts.name;
    EXPECT_TRUE(v.enabled) << v.facts.name;
  }
  EXPECT_EQ(settings->find("music")->price_sats(), 50u);
  EXPECT_FALSE(settings->find("chat"));
}

// Another instance (a second handle on the same database) changes a
// service; this one's reload applies it.
TEST_F(ServiceSettingsTest, AReloadAppliesAnotherInstancesChange) {
  auto other = store::open_sqlite_store({dir.path() / "l402d.db", 1, 5000});
  other->put_service_setting({"music", 99, false, kNow});
  EXPECT_TRUE(overrides.find("music")->enabled());
  const auto before = overrides.version();
  settings->reload();
  EXPECT_FALSE(overrides.find("music")->enabled());
  EXPECT_EQ(overrides.find("music")->price_sats(), std::optional<std::uint64_t>(99));
  EXPECT_GT(overrides.version(), before);
  const auto unchanged = overrides.version();
  settings->reload();
  EXPECT_EQ(overrides.version(), unchanged);
}

// A restart: a fresh set of overrides over the same store gets the change.
TEST_F(ServiceSettingsTest, AChangeOutlivesARestart) {
  ASSERT_TRUE(settings->change("vision", {42, std::nullopt}, kNow));
  api::ServiceOverrides fresh;
  for (const auto& f : two_services())
    fresh.add(f.name);
  ServiceSettings restarted(two_services(), *store, fresh);
  restarted.reload();
  EXPECT_EQ(fresh.find("vision")->price_sats(), std::optional<std::uint64_t>(42));
  EXPECT_TRUE(fresh.find("vision")->enabled());
}

TEST_F(ServiceSettingsTest, AnUnknownServiceIsNotChanged) {
  EXPECT_FALSE(settings->change("chat", {1, std::nullopt}, kNow));
  EXPECT_TRUE(store->service_settings().empty());
}

}  // namespace
}  // namespace l402d::admin::testing
