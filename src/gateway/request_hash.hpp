#pragma once

// The request binding (l402::request_hash) of an HTTP exchange, computed once
// and kept in the exchange: from the JSON a validation filter already parsed
// when there is one, else from the raw body.

#include "http/message.hpp"

namespace l402d::gateway {

const Hash32& request_hash_of(http::Exchange& exchange);

}  // namespace l402d::gateway
