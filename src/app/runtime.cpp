#include "app/runtime.hpp"

#include <sys/stat.h>

#include <stdexcept>
#include <system_error>

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

Core::Core(const Config& config) : config_(config) {
  prepare_data_dir(config_.data_dir);
  store_ = store::open_store(config_.store_backend, config_.data_dir);
  if (config_.root_keys == RootKeyScheme::stored) {
    root_keys_ = std::make_unique<l402::StoredRootKeys>(*store_);
  } else {
    auto secret = load_or_create_secret(config_.data_dir / "root.key", l402::kServerSecretSize);
    revocations_ = std::make_unique<store::RevocationCache>(*store_);
    root_keys_ = std::make_unique<l402::DerivedRootKeys>(secret, *revocations_);
    secure_wipe(secret);
  }
  {
    auto secret = load_or_create_secret(config_.data_dir / "mpp.key", 32);
    binder_ = std::make_shared<const mpp::ChallengeBinder>(secret);
    secure_wipe(secret);
  }
  minter_ = std::make_unique<l402::Minter>(*root_keys_);
  verifier_ = std::make_unique<l402::Verifier>(*root_keys_);
  lightning_ = lightning::make_backend(config_.lightning_backend,
                                       {config_.data_dir, *store_, {}, config_.lightning_network});
  node_ = lightning::check_node(*lightning_, config_.lightning_network);
}

Core::~Core() = default;

}  // namespace l402d::app
