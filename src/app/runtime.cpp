#include "app/runtime.hpp"

#include <sys/stat.h>

#include <stdexcept>
#include <string>
#include <system_error>
#include <variant>

#include "lightning/backend_factory.hpp"
#include "lightning/node_check.hpp"
#include "store/store_factory.hpp"
#include "util/crypto.hpp"
#include "util/secret_file.hpp"

namespace l402d::app {

namespace fs = std::filesystem;

void prepare_data_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec)
      throw std::runtime_error("cannot create data directory " + dir.string() + ": " +
                               ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw std::runtime_error("data directory " + dir.string() + " is not a directory");
  }
  if (st.st_mode & S_IWOTH) {
    throw std::runtime_error("data directory " + dir.string() +
                             " is writable by others; it holds keys: chmod 700 it");
  }
}

std::unique_ptr<InstanceLock> lock_single_instance_store(const Config& config) {
  const auto* sqlite = std::get_if<store::SqliteStoreConfig>(&config.store_backend);
  if (sqlite == nullptr || sqlite->path == ":memory:") return nullptr;
  prepare_data_dir(config.data_dir);
  const fs::path db =
      sqlite->path.empty() ? config.data_dir / store::kDefaultSqliteFile : sqlite->path;
  std::error_code ec;
  if (db.has_parent_path()) fs::create_directories(db.parent_path(), ec);
  return std::make_unique<InstanceLock>(db);
}

namespace {

// With PostgreSQL several instances share the store, and must share the
// secrets too or a token minted at one fails at another; with SQLite there is
// one instance, and its key files stay where existing deployments have them.
store::SecretStore* shared_secrets(const Config& config, store::Store& store) {
  return std::holds_alternative<store::PostgresStoreConfig>(config.store_backend) ? &store
                                                                                  : nullptr;
}

// A key file deleted next to a database that holds sales must not be made
// anew: every token and invoice it signed would then fail (signature_invalid,
// foreign_invoice) with nothing said at start. Restoring the file is the fix.
void refuse_to_replace_key(const fs::path& file, store::Store& store) {
  std::error_code ec;
  if (fs::symlink_status(file, ec).type() != fs::file_type::not_found) return;
  store::TokenQuery any;
  any.limit = 1;
  if (store.list_tokens(any).empty()) return;
  throw std::runtime_error(
      file.string() +
      " is missing, but the database beside it holds tokens that key signed. "
      "Restore the file from a backup: a new key would make every token and "
      "invoice already sold fail. To start afresh, use an empty data directory.");
}

// The secret `name`: the shared store's, or <data_dir>/<name>.key (0600).
Bytes server_secret(store::Store& store, store::SecretStore* shared, const fs::path& data_dir,
                    std::string_view name, std::size_t size) {
  if (shared) return shared->secret(name, size);
  const fs::path file = data_dir / (std::string(name) + ".key");
  refuse_to_replace_key(file, store);
  return load_or_create_secret(file, size);
}

}  // namespace

Core::Core(const Config& config) : config_(config) {
  prepare_data_dir(config_.data_dir);
  store_ = store::open_store(config_.store_backend, config_.data_dir);
  auto* shared = shared_secrets(config_, *store_);
  if (config_.root_keys == RootKeyScheme::stored) {
    root_keys_ = std::make_unique<l402::StoredRootKeys>(*store_);
  } else {
    auto secret = server_secret(*store_, shared, config_.data_dir, "root", l402::kServerSecretSize);
    revocations_ = std::make_unique<store::RevocationCache>(*store_);
    root_keys_ = std::make_unique<l402::DerivedRootKeys>(secret, *revocations_);
    secure_wipe(secret);
  }
  {
    auto secret = server_secret(*store_, shared, config_.data_dir, "mpp", 32);
    binder_ = std::make_shared<const mpp::ChallengeBinder>(secret);
    secure_wipe(secret);
  }
  minter_ = std::make_unique<l402::Minter>(*root_keys_);
  verifier_ = std::make_unique<l402::Verifier>(*root_keys_);
  if (std::holds_alternative<lightning::BuiltinNodeConfig>(config_.lightning_backend) && !shared) {
    refuse_to_replace_key(config_.data_dir / "node.key", *store_);
  }
  lightning_ =
      lightning::make_backend(config_.lightning_backend,
                              {config_.data_dir, *store_, {}, config_.lightning_network, shared});
  node_ = lightning::check_node(*lightning_, config_.lightning_network);
}

Core::~Core() = default;

}  // namespace l402d::app
