// The learned part of the scam checker: a logistic regression over hashed
// character n-grams of the folded words and over the rule signals found.
// Pure and deterministic: features are a function of the message and the
// rules, training is seeded, prediction is a dot product. See ADR 0105.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mc::scam {

// Hash space of the features (2^kModelBits weights).
inline constexpr unsigned kModelBits = 15;
inline constexpr std::uint32_t kModelSize = 1u << kModelBits;

// Sparse feature vector: (index, value), indices < kModelSize, may repeat.
struct Features {
  std::vector<std::pair<std::uint32_t, float>> items;
};

struct Model {
  std::vector<float> weights;  // kModelSize entries
  float bias = 0;
  // Verdict moves (see Checker::check): a probability at or above `raise`
  // moves no_sign → suspicious, at or above `raise_scam` suspicious → scam; at
  // or below `lower` it moves suspicious → no_sign. Never scam → anything.
  float raise = 0.9f;
  float raise_scam = 0.99f;
  float lower = 0.05f;
};

struct TrainOptions {
  std::uint64_t seed = 20261203;
  int epochs = 40;
  float learning_rate = 0.2f;
  float l2 = 1e-5f;
};

// Builds the features of one message from its folded word keys and the codes
// of the rule signals found (hidden ones included) and the rules' points.
// Bounded: at most `max_words` words are read.
Features make_features(const std::vector<std::string_view>& word_keys, const std::vector<std::string_view>& rule_codes,
                       double rule_points, std::size_t max_words = 400);

// Probability that the message is a scam.
double predict(const Model& model, const Features& f);

// Trains on (features, is_scam) with SGD over a seeded shuffle; classes are
// weighted to count equally. Deterministic for a given input and seed.
Model train(const std::vector<Features>& x, const std::vector<bool>& scam, const TrainOptions& options = {});

// Writes a C++ source that defines `builtin_model()` (used by the build).
std::string model_to_cpp(const Model& model);

// The model generated at build time from tests/scam/corpus.jsonl (may be empty
// when the build has no corpus: then the checker is rules-only).
const Model& builtin_model();

}  // namespace mc::scam
