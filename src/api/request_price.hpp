#pragma once

// What one request to a service costs, from its price list and the request
// itself: the function the paywall asks before it makes an invoice, and the
// free quote asks without making one, so that both say the same number.
// Prices are whole satoshis: the list's millisatoshis are rounded up, since
// several backends (LNbits, Phoenixd) invoice whole satoshis only.

#include <cstdint>
#include <functional>

#include "http/message.hpp"
#include "pricing/price_list.hpp"

namespace l402d::api {

// Image megapixels of a request, for services that decode images (the
// vision service reads them from its validated job); empty: 0.
using MegapixelsOf = std::function<double(const http::Exchange&)>;

// msat, a multiple of 1000. Parses a JSON body once (kept in
// Exchange::json_body) when no filter did before.
std::uint64_t request_price(const pricing::PriceList& list, http::Exchange& exchange,
                            const MegapixelsOf& megapixels = {});

}  // namespace l402d::api
