#pragma once

// The two seed services as the discovery tests list them.

#include "api/discovery.hpp"
#include "api/music_request.hpp"
#include "api/vision_request.hpp"

namespace l402d::api::testing {

inline Catalogue seed_catalogue(bool dev, std::uint64_t vision_price = 10) {
  Catalogue c;
  c.public_url = "https://ai.example.com";
  c.services = {{"music", "/api/l402/music", "Generate an original song", "Songs.", 100,
                 &music_request_schema(), &music_result_schema()},
                {"vision", "/api/l402/vision", "Answer a question about an image", "Image answers.",
                 vision_price, &vision_request_schema(), &vision_result_schema()}};
  c.services[1].free_requests_per_day = 3;
  c.dev_payments = dev;
  return c;
}

}  // namespace l402d::api::testing
