// The database password: where it is read from, and that neither it nor a
// password written in the URI reaches a message. The last tests log in over
// TCP, where the private cluster asks for a password (scram-sha-256).

#include "store/postgres_credentials.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>

#include "postgres_fixture.hpp"
#include "store/store_factory.hpp"
#include "test_support.hpp"

namespace l402d::store::testing {
namespace {

TEST(PostgresUrl, PasswordsAreRedacted) {
  EXPECT_EQ(redact_postgres_url("postgresql://app:s3cret@db.example:5432/l402d?sslmode=require"),
            "postgresql://app:***@db.example:5432/l402d?sslmode=require");
  EXPECT_EQ(redact_postgres_url("postgresql://app@db/l402d?sslmode=verify-full&password=s3cret"),
            "postgresql://app@db/l402d?sslmode=verify-full&password=***");
  EXPECT_EQ(redact_postgres_url("postgres://a:b@c/d?PASSWORD=e&x=1"),
            "postgres://a:***@c/d?PASSWORD=***&x=1");
  EXPECT_EQ(redact_postgres_url("host=db password=s3cret dbname=x"),
            "host=db password=*** dbname=x");
  // Nothing to hide: unchanged, including a port's colon and an @ in the path.
  EXPECT_EQ(redact_postgres_url("postgresql://app@db:5432/l402d"),
            "postgresql://app@db:5432/l402d");
  EXPECT_EQ(redact_postgres_url("postgresql:///l402d?host=/run/postgresql"),
            "postgresql:///l402d?host=/run/postgresql");
}

class PostgresPassword : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv(std::string(kStorePasswordEnv).c_str()); }
  void TearDown() override { ::unsetenv(std::string(kStorePasswordEnv).c_str()); }
  std::filesystem::path write(const std::string& text, mode_t mode = 0600) {
    const auto p = dir_.path() / "password";
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p;
  }
  TempDir dir_;
};

TEST_F(PostgresPassword, FileContentsAreTrimmed) {
  EXPECT_EQ(read_postgres_password(write("  s3cret pass\n")), "s3cret pass");
}

TEST_F(PostgresPassword, TheEnvironmentWinsOverTheFile) {
  ::setenv(std::string(kStorePasswordEnv).c_str(), "from-env", 1);
  EXPECT_EQ(read_postgres_password(write("from-file")), "from-env");
  EXPECT_EQ(read_postgres_password({}), "from-env");
}

TEST_F(PostgresPassword, NoFileAndNoEnvironmentIsNoPassword) {
  EXPECT_EQ(read_postgres_password({}), "");
}

TEST_F(PostgresPassword, UnsafeEmptyOrMissingFilesAreRefusedWithoutTheirContents) {
  auto expect_refused = [](const std::filesystem::path& p, const std::string& says) {
    try {
      read_postgres_password(p);
      ADD_FAILURE() << "accepted " << p;
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::other);
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
    }
  };
  expect_refused(write("s3cret", 0640), "chmod 600");
  expect_refused(write(" \n"), "is empty");
  expect_refused(dir_.path() / "missing", "cannot read");
}

class PostgresLogin : public PostgresPassword {
 protected:
  void SetUp() override {
    PostgresPassword::SetUp();
    auto& cluster = pg_cluster();
    database_ = SharedCluster::get().database_for(dir_.path());
    // Roles are cluster-wide: one per test directory.
    role_ = "r_" + database_;
    cluster.sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 'right-s3cret'");
    cluster.sql("GRANT ALL ON SCHEMA public TO \"" + role_ + "\"", database_);
  }
  PostgresStoreConfig config() {
    PostgresStoreConfig c;
    c.url = pg_cluster().tcp_url(database_, role_);
    c.pool_size = 1;
    return c;
  }
  std::string database_, role_;
};

TEST_F(PostgresLogin, ThePasswordFileLogsIn) {
  auto c = config();
  c.password_file = write("right-s3cret\n");
  auto store = open_store(c, dir_.path());
  store->put_root_key(hash_of("id"), hash_of("key"));
  EXPECT_EQ(store->get_root_key(hash_of("id")), hash_of("key"));
}

TEST_F(PostgresLogin, AWrongPasswordFailsWithoutSayingIt) {
  auto c = config();
  c.password_file = write("wrong-s3cret");
  try {
    open_store(c, dir_.path());
    FAIL() << "logged in";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("password authentication failed"), std::string::npos)
        << e.what();
  }
}

TEST_F(PostgresLogin, AMissingPasswordIsAConfigurationErrorNotAnOutage) {
  try {
    open_store(config(), dir_.path());
    FAIL() << "logged in";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::other) << e.what();
  }
}

TEST_F(PostgresLogin, APasswordInTheUrlIsRedactedInMessages) {
  auto c = config();
  c.url = "postgresql://" + role_ + ":url-s3cret@127.0.0.1:" + std::to_string(pg_cluster().port()) +
          "/" + database_;
  try {
    open_store(c, dir_.path());
    FAIL() << "logged in";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()).find("url-s3cret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(":***@"), std::string::npos) << e.what();
  }
  // The environment's password wins over the URI's.
  ::setenv(std::string(kStorePasswordEnv).c_str(), "right-s3cret", 1);
  EXPECT_NO_THROW(open_store(c, dir_.path()));
}

}  // namespace
}  // namespace l402d::store::testing
