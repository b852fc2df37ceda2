#pragma once

// GET /llms.txt: the catalogue in Markdown for language models (the
// llmstxt.org layout: a title, a one-line summary, then sections of links
// and notes), generated from the same listings as the OpenAPI document: how
// to pay, each service with its price and request fields, async jobs, and
// where the machine-readable documents are.

#include <string>

#include "api/discovery.hpp"

namespace l402d::api {

std::string llms_txt(const Catalogue& catalogue);

}  // namespace l402d::api
