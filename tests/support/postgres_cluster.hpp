#pragma once

// Debian's PostgreSQL 15 as a private cluster for the store tests: its own data
// directory under the build tree, a free port on 127.0.0.1 and a Unix socket
// in its own directory, settings that trade durability for speed, stopped
// with the test process. initdb runs once per build tree (a template copied
// for each cluster), since CTest starts one process per test.
//
// PostgreSQL refuses to run as root, and CI runs as root: then initdb and
// postgres run as the `postgres` account Debian's package creates, in
// directories handed over to it. As any other user they run as that user.
// A missing PostgreSQL is an error, not a reason to skip: ./dev installs it.

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/nginx_process.hpp"

namespace l402d::testing {

inline const std::filesystem::path kPostgresBin = "/usr/lib/postgresql/15/bin";

class PostgresCluster {
 public:
  // `root`: a directory in the build tree shared by every cluster of this test
  // binary (it keeps the initdb template); each cluster lives in its own
  // subdirectory, removed when it stops.
  explicit PostgresCluster(std::filesystem::path root)
      : root_(std::move(root)),
        dir_(root_ / ("cluster-" + std::to_string(::getpid()) + "-" + std::to_string(next_id()))),
        port_(free_local_port()) {}
  ~PostgresCluster() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  void start() {
    if (!std::filesystem::exists(kPostgresBin / "postgres")) {
      throw std::runtime_error("PostgreSQL 15 is not installed (" + kPostgresBin.string() +
                               "): ./dev installs the Debian package postgresql");
    }
    if (!std::filesystem::exists(dir_ / "data")) create();
    pid_ = run_as_owner(server_args(), dir_ / "server.log", false);
    wait_until_ready();
  }

  // Fast shutdown: sessions are ended, nothing is waited for.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGINT);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  bool running() const { return pid_ > 0; }
  std::uint16_t port() const { return port_; }
  std::filesystem::path socket_dir() const { return dir_ / "socket"; }

  // As the superuser over the Unix socket (trusted).
  std::string url(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + socket_dir().string() +
           "&port=" + std::to_string(port_) + "&user=postgres";
  }
  // As `user` over TCP, where the server asks for a password (scram-sha-256).
  std::string tcp_url(const std::string& database, const std::string& user) const {
    return "postgresql://" + user + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
  }

  // Runs SQL as the superuser; returns the first column of the first row, if any.
  std::string sql(const std::string& statement, const std::string& database = "postgres") const {
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(url(database).c_str()), PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      throw std::runtime_error("postgres: " + std::string(PQerrorMessage(conn.get())));
    }
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(conn.get(), statement.c_str()),
                                                     PQclear);
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("postgres: " + statement + ": " + PQerrorMessage(conn.get()));
    }
    return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
  }

 private:
  static int next_id() {
    static int id = 0;
    return ++id;
  }

  static bool is_root() { return ::geteuid() == 0; }

  // Hands a directory the test process made to the account the server runs as.
  static void hand_over(const std::filesystem::path& p) {
    std::filesystem::create_directories(p);
    if (!is_root()) return;
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) {
      throw std::runtime_error("running as root needs the postgres account (Debian's package)");
    }
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      throw std::runtime_error("cannot chown " + p.string());
    }
  }

  // Starts args as the cluster's owner, output to `log`; waits for it unless
  // `background`. The server dies with this process (PR_SET_PDEATHSIG), so a
  // crashed test leaves no postgres behind.
  pid_t run_as_owner(const std::vector<std::string>& args, const std::filesystem::path& log,
                     bool wait) const {
    const passwd* pw = is_root() ? ::getpwnam("postgres") : nullptr;
    if (is_root() && pw == nullptr) throw std::runtime_error("no postgres account");
    std::vector<char*> argv;
    for (const auto& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string log_path = log.string(), cwd = dir_.string();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
      if (pw && (::setgroups(0, nullptr) != 0 || ::setgid(pw->pw_gid) != 0 ||
                 ::setuid(pw->pw_uid) != 0)) {
        ::_exit(126);
      }
      ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
      const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    if (!wait) return pid;
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      throw std::runtime_error(args[0] + " failed: " + read_file(log));
    }
    return 0;
  }

  void create() {
    hand_over(root_);
    hand_over(dir_);
    ensure_template();
    run_as_owner({"/bin/cp", "-a", (root_ / "template").string(), (dir_ / "data").string()},
                 dir_ / "setup.log", true);
    run_as_owner({"/bin/mkdir", "-m", "0700", socket_dir().string()}, dir_ / "setup.log", true);
  }

  // initdb once per build tree; concurrent test processes wait on a lock file
  // and the template appears under its name only when complete.
  void ensure_template() const {
    const auto lock_path = root_ / "template.lock";
    // Readable by all: a build tree tested as root and as a user shares it.
    const int fd = ::open(lock_path.c_str(), O_RDONLY | O_CREAT, 0644);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) throw std::runtime_error("cannot lock the template");
    try {
      if (!std::filesystem::exists(root_ / "template" / "PG_VERSION")) {
        const auto tmp = root_ / ("template.tmp-" + std::to_string(::getpid()));
        std::filesystem::remove_all(tmp);
        run_as_owner({(kPostgresBin / "initdb").string(), "-D", tmp.string(), "-U", "postgres",
                      "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
                      "--no-sync", "--wal-segsize=1"},
                     dir_ / "initdb.log", true);
        std::filesystem::rename(tmp, root_ / "template");
      }
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }

  std::vector<std::string> server_args() const {
    return {(kPostgresBin / "postgres").string(), "-D", (dir_ / "data").string(), "-p",
            std::to_string(port_), "-k", socket_dir().string(), "-c", "listen_addresses=127.0.0.1",
            // Speed over durability: the cluster lives as long as one test process.
            "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "max_connections=200",
            // The deadlock tests wait this long for the server to notice.
            "-c", "deadlock_timeout=100ms", "-c", "log_min_messages=warning"};
  }

  void wait_until_ready() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const auto probe = url("postgres");
    while (PQping(probe.c_str()) != PQPING_OK) {
      int status = 0;
      if (std::chrono::steady_clock::now() > deadline ||
          ::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("postgres did not start: " + read_file(dir_ / "server.log"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  static std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::filesystem::path root_;
  std::filesystem::path dir_;
  std::uint16_t port_;
  pid_t pid_ = -1;
};

}  // namespace l402d::testing
