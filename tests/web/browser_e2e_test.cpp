// The web page in a real browser against the real binary: Debian's Chromium
// driven by playwright-core (tests/web/browser/page_test.mjs, installed by
// ./dev's npm ci), with l402d started here on a free port with its builtin
// development node. The screenshots of each step go to the build tree's
// web-screenshots/ (the buyer's page) and admin-screenshots/ (the seller's
// dashboard) for a person to look at.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <iostream>
#include <string>

#include "support/l402d_process.hpp"
#include "support/lnsim_process.hpp"
#include "support/temp_dir.hpp"

namespace l402d {
namespace {

namespace fs = std::filesystem;

TEST(WebPage, WorksInChromium) {
  ASSERT_TRUE(fs::exists(fs::path(BROWSER_TEST_DIR) / "node_modules" / "playwright-core"))
      << "playwright-core is not installed: ./dev test runs npm ci in " << BROWSER_TEST_DIR;
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "no /usr/bin/chromium: ./dev installs chromium";
  testing::TempDir dir{"l402d-web"};
  testing::L402dProcess server(L402D_BINARY, dir.path() / "server");
  fs::remove_all(SCREENSHOT_DIR);
  const auto out = dir.path() / "browser.out";
  const std::string cmd = std::string("cd ") + BROWSER_TEST_DIR + " && " + NODE_BINARY +
                          " page_test.mjs --url " + server.url() + " --image " + L402D_TEST_DATA +
                          "/vision/coffee.jpg --screenshots " + SCREENSHOT_DIR + " >" +
                          out.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  const auto text = testing::LnsimProcess::slurp(out);
  std::cout << text;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text << server.log();
}

// The seller's dashboard (GET /admin, tests/web/browser/admin_test.mjs): one
// vision answer bought, then the page's chart, tables and actions, each
// checked against the API; screenshots in the build tree's admin-screenshots/.
TEST(WebPage, AdminDashboardWorksInChromium) {
  ASSERT_TRUE(fs::exists(fs::path(BROWSER_TEST_DIR) / "node_modules" / "playwright-core"))
      << "playwright-core is not installed: ./dev test runs npm ci in " << BROWSER_TEST_DIR;
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "no /usr/bin/chromium: ./dev installs chromium";
  testing::TempDir dir{"l402d-admin-web"};
  testing::L402dProcess server(L402D_BINARY, dir.path() / "server");
  fs::remove_all(ADMIN_SCREENSHOT_DIR);
  const auto out = dir.path() / "browser.out";
  const std::string cmd = std::string("cd ") + BROWSER_TEST_DIR + " && " + NODE_BINARY +
                          " admin_test.mjs --url " + server.url() + " --token-file " +
                          (dir.path() / "server" / "admin.token").string() + " --image " +
                          L402D_TEST_DATA + "/vision/coffee.jpg --screenshots " +
                          ADMIN_SCREENSHOT_DIR + " >" + out.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  const auto text = testing::LnsimProcess::slurp(out);
  std::cout << text;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text << server.log();
}

}  // namespace
}  // namespace l402d
