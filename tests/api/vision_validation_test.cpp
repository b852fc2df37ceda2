#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <latch>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "api/validation_filter.hpp"
#include "api/vision_request.hpp"
#include "util/base64.hpp"

namespace l402d::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

Bytes png_of(int width, int height) {
  cv::Mat m(height, width, CV_8UC3, cv::Scalar(200, 120, 40));
  cv::circle(m, cv::Point(width / 2, height / 2), std::min(width, height) / 4,
             cv::Scalar(255, 255, 255), -1);
  std::vector<std::uint8_t> out;
  cv::imencode(".png", m, out);
  return out;
}

Bytes jpeg_of(int width, int height) {
  cv::Mat m(height, width, CV_8UC3);
  cv::RNG rng(7);
  rng.fill(m, cv::RNG::UNIFORM, 0, 255);
  std::vector<std::uint8_t> out;
  cv::imencode(".jpg", m, out);
  return out;
}

// Flips bytes in the middle of the file: inside the compressed pixels.
Bytes corrupted(Bytes b) {
  for (std::size_t i = b.size() / 2; i < b.size() / 2 + 32; ++i)
    b[i] ^= 0x5A;
  return b;
}

json::object request_for(const Bytes& image) {
  return json::object{{"image", "data:image/png;base64," + base64_encode(image)},
                      {"prompt", "What is this?"},
                      {"model", "Vision Chat"}};
}

std::string error_code(const Bytes& image, http::Status expected_status) {
  auto r = parse_vision_request(request_for(image), {});
  if (r) return "ok";
  EXPECT_EQ(r.error().status, expected_status) << r.error().code;
  EXPECT_EQ(r.error().field, "image");
  return r.error().code;
}

TEST(VisionValidation, UndecodableImagesAreRefusedBeforeAnInvoice) {
  Bytes png = png_of(160, 120);
  EXPECT_EQ(error_code(png, http::Status::bad_request), "ok");
  Bytes short_png(png.begin(), png.end() - 1);
  EXPECT_EQ(error_code(short_png, http::Status::bad_request), "image_truncated");
  EXPECT_EQ(error_code(corrupted(png_of(400, 300)), http::Status::bad_request), "image_corrupt");
  Bytes jpg = jpeg_of(320, 240);
  EXPECT_EQ(error_code(jpg, http::Status::bad_request), "ok");
  jpg.resize(jpg.size() / 2);
  EXPECT_EQ(error_code(jpg, http::Status::bad_request), "image_truncated");
}

TEST(VisionValidation, DecodeIsCostlyAboveTheInlinePixelCount) {
  EXPECT_FALSE(vision_decode_is_costly(request_for(png_of(512, 512)), {}));
  EXPECT_TRUE(vision_decode_is_costly(request_for(png_of(513, 512)), {}));
  // Refused images are answered inline, at no decode cost.
  EXPECT_FALSE(vision_decode_is_costly(json::object{{"image", "not base64!"}}, {}));
  EXPECT_FALSE(vision_decode_is_costly(json::object{{"model", "Vision Chat"}}, {}));
}

// A filter chain ending in a handler that counts the requests let through.
struct Route {
  explicit Route(std::shared_ptr<http::Filter> filter) {
    handler = http::chain(
        {std::move(filter)}, [this](http::Exchange&) -> asio::awaitable<http::Response> {
          ++reached;
          http::Request req{http::Verb::post, "/", 11};
          co_return http::make_response(req, http::Status::ok, "application/json", "{}");
        });
  }
  http::Response send(const std::string& body) {
    auto ex = std::make_shared<http::Exchange>();
    ex->request = http::Request{http::Verb::post, "/api/l402/vision", 11};
    ex->request.set(http::Field::content_type, "application/json");
    ex->request.body() = body;
    auto done = asio::co_spawn(io, handler(*ex), asio::use_future);
    io.restart();
    io.run();
    last = ex;
    return done.get();
  }
  http::Handler handler;
  asio::io_context io;
  int reached = 0;
  std::shared_ptr<http::Exchange> last;
};

TEST(ValidationFilter, LargeOrCostlyBodiesAreParsedOnThePool) {
  auto pool = std::make_shared<http::WorkerPool>(1, 4);
  Offload offload;
  offload.pool = pool;
  offload.inline_body_bytes = 100;
  offload.costly = [](const json::object& body) { return body.contains("heavy"); };
  auto filter = std::make_shared<ValidationFilter<std::thread::id>>(
      [](const json::object&) -> Expected<std::thread::id, ApiError> {
        return std::this_thread::get_id();
      },
      offload);
  Route route(filter);
  const auto here = std::this_thread::get_id();
  auto parsed_on = [&](const std::string& body) {
    auto res = route.send(body);
    EXPECT_EQ(res.status(), http::Status::ok);
    EXPECT_NE(route.last->json_body, nullptr);
    return std::any_cast<std::thread::id>(route.last->attachment);
  };
  EXPECT_EQ(parsed_on(R"({"a":1})"), here);
  EXPECT_NE(parsed_on(R"({"a":")" + std::string(100, 'x') + R"("})"), here);
  EXPECT_NE(parsed_on(R"({"heavy":1})"), here);
  EXPECT_EQ(route.reached, 3);
  // Bad JSON in a large body is still a 400 from the pool.
  auto bad = route.send("[" + std::string(200, ' '));
  EXPECT_EQ(bad.status(), http::Status::bad_request);
  pool->shutdown();
}

TEST(ValidationFilter, VisionChecksOnAFullPoolAnswer503WithoutAnInvoice) {
  auto pool = std::make_shared<http::WorkerPool>(1, 0);
  const engines::vision::InputLimits limits;
  Route route(std::make_shared<ValidationFilter<engines::VisionJob>>(
      [limits](const json::object& body) { return parse_vision_request(body, limits); },
      Offload{pool, Offload{}.inline_body_bytes, [limits](const json::object& body) {
                return vision_decode_is_costly(body, limits);
              }}));
  const std::string costly = json::serialize(request_for(png_of(1000, 1000)));
  const std::string small = json::serialize(request_for(png_of(160, 120)));

  // Occupy the only worker.
  std::latch started(1), release(1);
  asio::io_context other;
  asio::co_spawn(other, pool->run([&] {
    started.count_down();
    release.wait();
  }),
                 asio::detached);
  std::jthread runner([&] { other.run(); });
  started.wait();

  auto busy = route.send(costly);
  EXPECT_EQ(busy.status(), http::Status::service_unavailable);
  EXPECT_FALSE(busy.header(http::Field::retry_after).empty());
  const auto* body = std::get_if<http::StringResponse>(&busy.message);
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(json::parse(body->body()).at("error").at("code").as_string(), "server_busy");
  EXPECT_EQ(route.reached, 0);
  // A small image is checked inline and is not held up by the pool.
  EXPECT_EQ(route.send(small).status(), http::Status::ok);
  EXPECT_EQ(route.reached, 1);

  release.count_down();
  runner.join();
  EXPECT_EQ(route.send(costly).status(), http::Status::ok);
  EXPECT_EQ(route.reached, 2);
  auto bad = route.send(json::serialize(request_for(corrupted(png_of(1000, 1000)))));
  EXPECT_EQ(bad.status(), http::Status::bad_request);
  EXPECT_EQ(route.reached, 2);
  pool->shutdown();
}

}  // namespace
}  // namespace l402d::api
