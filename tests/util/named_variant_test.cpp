#include "util/named_variant.hpp"

#include <gtest/gtest.h>

namespace l402d {
namespace {

struct Alpha {
  static constexpr std::string_view kName = "alpha";
  int x = 1;
};
struct Beta {
  static constexpr std::string_view kName = "beta";
  int y = 2;
};
using Choice = std::variant<Alpha, Beta>;

TEST(NamedVariant, NamesEveryAlternativeInOrder) {
  EXPECT_EQ(variant_names<Choice>(), (std::vector<std::string_view>{"alpha", "beta"}));
  EXPECT_EQ(variant_names_text<Choice>(), "alpha, beta");
}

TEST(NamedVariant, BuildsTheDefaultOfANamedAlternative) {
  auto b = variant_by_name<Choice>("beta");
  ASSERT_TRUE(b);
  ASSERT_TRUE(std::holds_alternative<Beta>(*b));
  EXPECT_EQ(std::get<Beta>(*b).y, 2);
  EXPECT_EQ(variant_name(*b), "beta");
  EXPECT_EQ(variant_name(Choice{}), "alpha");
  EXPECT_FALSE(variant_by_name<Choice>("gamma"));
  EXPECT_FALSE(variant_by_name<Choice>(""));
}

}  // namespace
}  // namespace l402d
