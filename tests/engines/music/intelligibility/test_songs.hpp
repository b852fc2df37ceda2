#pragma once

// Issue 17's test set: ten prompts of different genres, both voices, with
// lyrics written for these tests (plain words the recogniser's dictionary
// knows). The benchmark measures all of them; the tests a few.

#include <array>
#include <string_view>

namespace l402d::engines::music::intelligibility {

struct TestSong {
  std::string_view name;
  std::string_view prompt;
  std::string_view lyrics;
};

inline constexpr std::array<TestSong, 10> kTestSongs{{
    {"pop", "upbeat pop song with a female singer about a summer road trip",
     "We drive along the open road\nThe windows down, the radio loud\n"
     "We sing the songs that we both know\nAnd leave the city far behind\n\n"
     "Summer days are made for you and me\nSummer nights we dance beside the sea"},
    {"ballad", "slow sad piano ballad in A minor, male voice",
     "The rain is falling on my door\nI hear your name inside the wind\n"
     "The house is quiet like before\nI wait for you to come again\n\n"
     "Hold me close and never let me go\nI still remember all we know"},
    {"punk", "fast punk rock with loud guitars, male singer",
     "We will not stop, we will not wait\nWe break the rules and shake the gate\n"
     "The town is old, the kids are young\nWe shout it out with every lung\n\n"
     "Turn it up and let it ring\nEverybody stand and sing"},
    {"lofi", "chill lo-fi beats, soft female vocal, slow",
     "Morning coffee on the window sill\nThe city wakes but I am still\n"
     "A paper book, a quiet tune\nI think I will be fine by noon"},
    {"country", "country song with acoustic guitar and a man singing about his home town",
     "I grew up by the river bend\nWhere every neighbor was a friend\n"
     "My father worked the corn and wheat\nMy mother sang along the street\n\n"
     "Take me home to the river town\nWhere the summer sun goes down"},
    {"edm", "energetic edm dance track with a big drop, female vocal",
     "Lights are flashing in the dark\nFeel the fire, feel the spark\n"
     "Hands up high and let it go\nMove your body nice and slow\n\n"
     "We are alive tonight\nWe are the light"},
    {"jazz_waltz", "jazz waltz in 3/4, female singer, warm and gentle",
     "Sweet little moon above the trees\nYou dance so softly on the breeze\n"
     "I hold my dreams inside my hand\nAnd walk with you across the land"},
    {"birthday", "happy acoustic song for a birthday party, male voice",
     "Today is your birthday my friend\nWe bring a cake and gifts to share\n"
     "We laugh and play until the end\nWe love you more than we can say"},
    {"folk", "gentle folk song, female voice, fingerpicked guitar",
     "[Verse]\nThe mountain stream runs cold and clear\nThe pine trees whisper far and near\n"
     "[Chorus]\nCarry me down to the water\nCarry me home to the sea\n"
     "[Verse 2]\nThe fire burns, the stars are bright\nWe tell our stories through the night\n"
     "[Chorus]\nCarry me down to the water\nCarry me home to the sea"},
    {"rock", "mid tempo rock song with electric guitar, male vocal",
     "[Verse]\nI was standing at the station in the cold\nWith a ticket and a story "
     "never told\nThe train was late, the platform gray\nI had a feeling I should "
     "stay\n[Chorus]\nBut I will run, I will run tonight\nI will follow every "
     "light\nThere is nothing left for me to hide\nI will run until the morning "
     "side\n[Verse 2]\nThere were faces in the window of the bar\nThere were songs "
     "about a girl and a guitar\nI paid my bill, I closed the door\nI do not live "
     "here anymore\n[Chorus]\nBut I will run, I will run tonight\nI will follow "
     "every light"},
}};

}  // namespace l402d::engines::music::intelligibility
