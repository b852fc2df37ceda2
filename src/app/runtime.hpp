#pragma once

// Everything a running l402d owns, built from a Config in dependency order:
// data directory and secrets, store, root keys, minter and verifier, the
// Lightning backend. Subcommands that need only the protocol core (challenge,
// dev-pay, verify) use the same object as the server, so the command line and
// the server cannot drift apart.

#include <memory>

#include "app/config.hpp"
#include "app/instance_lock.hpp"
#include "l402/minter.hpp"
#include "l402/root_keys.hpp"
#include "l402/verifier.hpp"
#include "lightning/backend.hpp"
#include "mpp/challenge.hpp"
#include "store/revocation_cache.hpp"
#include "store/store.hpp"

namespace l402d::app {

// Creates the data directory (mode 0700) if needed. Throws std::runtime_error
// naming the directory when it cannot.
void prepare_data_dir(const std::filesystem::path& dir);

// The server's hold on a SQLite database (app/instance_lock.hpp); null for a
// store several instances share. Throws when another server holds it.
std::unique_ptr<InstanceLock> lock_single_instance_store(const Config& config);

class Core {
 public:
  explicit Core(const Config& config);
  ~Core();

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  l402::RootKeySource& root_keys() { return *root_keys_; }
  l402::Minter& minter() { return *minter_; }
  l402::Verifier& verifier() { return *verifier_; }
  // The configured backend; simulated payments, where it offers them, are
  // lightning().dev_payments().
  lightning::Backend& lightning() { return *lightning_; }
  // What the node said of itself at start (it answered, took our credentials
  // and is on lightning.network).
  const lightning::NodeInfo& node() const { return node_; }
  // The in-memory deny list of the derived-key scheme (null with stored keys),
  // to be refreshed periodically by long-running commands.
  store::RevocationCache* revocations() { return revocations_.get(); }
  // Binds MPP challenge ids, under a secret kept in the data directory
  // (mpp.key, 0600) so that challenges outlive a restart.
  std::shared_ptr<const mpp::ChallengeBinder> challenge_binder() const { return binder_; }

 private:
  Config config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::RevocationCache> revocations_;
  std::unique_ptr<l402::RootKeySource> root_keys_;
  std::unique_ptr<l402::Minter> minter_;
  std::unique_ptr<l402::Verifier> verifier_;
  std::unique_ptr<lightning::Backend> lightning_;
  lightning::NodeInfo node_;
  std::shared_ptr<const mpp::ChallengeBinder> binder_;
};

}  // namespace l402d::app
