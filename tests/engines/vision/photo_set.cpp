#include "photo_set.hpp"

namespace l402d::engines::vision::testing {

const std::vector<PhotoFacts>& photo_set() {
  static const std::vector<PhotoFacts> kSet{
      // With objects (darknet's sample photos, OpenCV's and scikit-image's).
      {"darknet_dog.jpg", {"dog", "bicycle"}, {"truck", "car"}},
      {"darknet_horses.jpg", {"horse"}, {}},
      {"darknet_person.jpg", {"person", "dog", "horse"}, {}},
      {"darknet_giraffe.jpg", {"giraffe", "zebra"}, {}},
      {"darknet_kite.jpg", {"person", "kite"}, {}},
      {"darknet_eagle.jpg", {"bird"}, {}},
      {"astronaut.jpg", {"person"}, {}},
      {"chelsea.jpg", {"cat"}, {}},
      {"coffee.jpg", {"cup"}, {"spoon", "dining table", "bowl"}},
      {"skimage_motorcycle_left.jpg", {"motorbike"}, {"chair", "bicycle", "bench"}},
      {"opencv_messi5.jpg", {"person", "ball"}, {}},
      {"opencv_licenseplate_motion.jpg", {"car"}, {"truck"}},
      {"opencv_fruits.jpg", {"orange"}, {"apple", "banana", "bowl"}},
      // Without any of the 80 classes, people or text.
      {"rocket.jpg", {}, {}},
      {"skimage_brick.jpg", {}, {}},
      {"skimage_grass.jpg", {}, {}},
      {"skimage_gravel.jpg", {}, {}},
      {"skimage_moon.jpg", {}, {}},
      {"opencv_baboon.jpg", {}, {}},
      {"opencv_butterfly.jpg", {}, {}},
      {"opencv_starry_night.jpg", {}, {}},
      {"opencv_building.jpg", {}, {"car"}},
      {"opencv_home.jpg", {}, {"bird"}},
      // A circuit board: printed text, no objects.
      {"opencv_board.jpg", {}, {}, true},
  };
  return kSet;
}

}  // namespace l402d::engines::vision::testing
