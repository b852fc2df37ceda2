#pragma once

// A vision engine backed by any OpenAI-compatible chat-completions API: OpenAI,
// OpenRouter, llama.cpp's server, Ollama, vLLM, LM Studio. The image travels as
// an `image_url` content part holding a data URI.

#include <chrono>
#include <string>

#include "engines/vision_engine.hpp"
#include "net/http_client.hpp"

namespace l402d::providers {

struct OpenAiVisionOptions {
  std::string base_url = "https://api.openai.com/v1";  // .../chat/completions is appended
  std::string api_key;                                 // sent as a Bearer token; may be empty
  std::string model = "gpt-4o-mini";
  int max_tokens = 512;
  double temperature = 0.2;
  std::chrono::milliseconds timeout{60'000};
  net::RetryPolicy retry;
};

class OpenAiVision : public engines::VisionEngine {
 public:
  explicit OpenAiVision(OpenAiVisionOptions options);
  std::string name() const override;
  engines::VisionResult answer(const engines::VisionJob& job) override;
  // Server-sent events ("stream": true); each content delta goes to `sink`.
  engines::VisionResult answer_streaming(const engines::VisionJob& job,
                                         const engines::TextSink& sink) override;

  // The request body, exposed for tests.
  std::string request_body(const engines::VisionJob& job, bool stream) const;

 private:
  net::HttpRequest http_request(const engines::VisionJob& job, bool stream) const;
  OpenAiVisionOptions options_;
};

// Turns a provider's HTTP failure into an EngineError with a stable code and a
// message naming the provider (never the key).
[[noreturn]] void throw_provider_error(std::string_view provider, long status,
                                       std::string_view body);
[[noreturn]] void throw_transport_error(std::string_view provider, const net::HttpError& e);

}  // namespace l402d::providers
