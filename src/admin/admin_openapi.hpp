#pragma once

// The admin API's operations for the OpenAPI document the server publishes,
// added to the document api::openapi_json renders (which knows no admin).

#include <boost/json/object.hpp>

namespace l402d::admin {

// Adds the /api/admin/ paths, the AdminBearer security scheme and the
// admin schemas to an OpenAPI 3 document.
void add_admin_openapi(boost::json::object& document);

}  // namespace l402d::admin
