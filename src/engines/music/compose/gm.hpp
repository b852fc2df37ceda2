#pragma once

// General MIDI numbers the composer writes: programs (0-based, as FluidSynth
// takes them) and the percussion keys of channel 10 (index 9).

#include <string_view>

namespace l402d::engines::music::gm {

inline constexpr int kDrumChannel = 9;

// Programs, 0-based.
inline constexpr int kAcousticGrand = 0;
inline constexpr int kBrightPiano = 1;
inline constexpr int kElectricPiano = 4;
inline constexpr int kHarpsichord = 6;
inline constexpr int kCelesta = 8;
inline constexpr int kGlockenspiel = 9;
inline constexpr int kMusicBox = 10;
inline constexpr int kVibraphone = 11;
inline constexpr int kMarimba = 12;
inline constexpr int kDrawbarOrgan = 16;
inline constexpr int kRockOrgan = 18;
inline constexpr int kChurchOrgan = 19;
inline constexpr int kAccordion = 21;
inline constexpr int kHarmonica = 22;
inline constexpr int kNylonGuitar = 24;
inline constexpr int kSteelGuitar = 25;
inline constexpr int kJazzGuitar = 26;
inline constexpr int kCleanGuitar = 27;
inline constexpr int kMutedGuitar = 28;
inline constexpr int kOverdrivenGuitar = 29;
inline constexpr int kDistortionGuitar = 30;
inline constexpr int kAcousticBass = 32;
inline constexpr int kFingerBass = 33;
inline constexpr int kPickBass = 34;
inline constexpr int kFretlessBass = 35;
inline constexpr int kSlapBass = 36;
inline constexpr int kSynthBass = 38;
inline constexpr int kSynthBass2 = 39;
inline constexpr int kViolin = 40;
inline constexpr int kViola = 41;
inline constexpr int kCello = 42;
inline constexpr int kContrabass = 43;
inline constexpr int kHarp = 46;
inline constexpr int kTimpani = 47;
inline constexpr int kStrings = 48;
inline constexpr int kSlowStrings = 49;
inline constexpr int kSynthStrings = 50;
inline constexpr int kChoir = 52;
inline constexpr int kTrumpet = 56;
inline constexpr int kTrombone = 57;
inline constexpr int kFrenchHorn = 60;
inline constexpr int kBrass = 61;
inline constexpr int kSynthBrass = 62;
inline constexpr int kAltoSax = 65;
inline constexpr int kTenorSax = 66;
inline constexpr int kOboe = 68;
inline constexpr int kClarinet = 71;
inline constexpr int kFlute = 73;
inline constexpr int kPanFlute = 75;
inline constexpr int kSquareLead = 80;
inline constexpr int kSawLead = 81;
inline constexpr int kWarmPad = 89;
inline constexpr int kPolySynth = 90;
inline constexpr int kSitar = 104;
inline constexpr int kBanjo = 105;
inline constexpr int kFiddle = 110;
inline constexpr int kSteelDrums = 114;

// Percussion keys.
inline constexpr int kKick = 36;
inline constexpr int kSideStick = 37;
inline constexpr int kSnare = 38;
inline constexpr int kClap = 39;
inline constexpr int kFloorTom = 41;
inline constexpr int kClosedHat = 42;
inline constexpr int kLowTom = 45;
inline constexpr int kPedalHat = 44;
inline constexpr int kOpenHat = 46;
inline constexpr int kMidTom = 47;
inline constexpr int kHighTom = 50;
inline constexpr int kCrash = 49;
inline constexpr int kRide = 51;
inline constexpr int kRideBell = 53;
inline constexpr int kTambourine = 54;
inline constexpr int kCowbell = 56;
inline constexpr int kHighConga = 62;
inline constexpr int kLowConga = 64;
inline constexpr int kHighTimbale = 65;
inline constexpr int kMaracas = 70;
inline constexpr int kClaves = 75;

// "Distortion Guitar" etc., for logs; "?" outside 0-127.
std::string_view program_name(int program);

}  // namespace l402d::engines::music::gm
