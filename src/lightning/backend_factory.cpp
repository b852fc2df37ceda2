#include "lightning/backend_factory.hpp"

namespace l402d::lightning {

namespace {

std::unique_ptr<Backend> make(const BuiltinNodeConfig& config, const BackendContext& context) {
  if (context.shared_secrets) {
    return BuiltinNode::open_shared(*context.shared_secrets, context.invoices, context.clock,
                                    config.remembered_invoices);
  }
  return BuiltinNode::open(context.data_dir, context.invoices, context.clock,
                           config.remembered_invoices);
}

std::unique_ptr<Backend> make(const LndConfig& config, const BackendContext& context) {
  return std::make_unique<LndBackend>(config, context.network, context.clock);
}

std::unique_ptr<Backend> make(const ClnConfig& config, const BackendContext& context) {
  return std::make_unique<ClnBackend>(config, context.clock);
}

std::unique_ptr<Backend> make(const LnbitsConfig& config, const BackendContext& context) {
  return std::make_unique<LnbitsBackend>(config, context.network, context.clock);
}

std::unique_ptr<Backend> make(const PhoenixdConfig& config, const BackendContext& context) {
  return std::make_unique<PhoenixdBackend>(config, context.clock);
}

std::unique_ptr<Backend> make(const NwcConfig& config, const BackendContext& context) {
  return std::make_unique<NwcBackend>(config, context.clock);
}

}  // namespace

std::unique_ptr<Backend> make_backend(const BackendConfig& config, const BackendContext& context) {
  return std::visit([&](const auto& c) { return make(c, context); }, config);
}

}  // namespace l402d::lightning
