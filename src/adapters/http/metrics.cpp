#include "adapters/http/metrics.hpp"

#include <cmath>
#include <sstream>

namespace mc::http {

const std::vector<double>& Metrics::buckets() {
  static const std::vector<double> b = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return b;
}

std::string Metrics::label(std::string_view key, std::string_view value) {
  std::string out(key);
  out += "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  out += '"';
  return out;
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mutex_);
  help_[name] = {type, help};
}

void Metrics::inc(const std::string& name, const std::string& labels, double by) {
  std::lock_guard lock(mutex_);
  counters_[name][labels] += by;
}

void Metrics::observe(const std::string& name, const std::string& labels, double value) {
  std::lock_guard lock(mutex_);
  auto& h = histograms_[name][labels];
  if (h.counts.empty()) h.counts.assign(buckets().size(), 0);
  for (std::size_t i = 0; i < buckets().size(); ++i)
    if (value <= buckets()[i]) h.counts[i] += 1;
  h.sum += value;
  h.count += 1;
}

void Metrics::gauge(const std::string& name, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_[name] = std::move(read);
}

void Metrics::gauge_family(const std::string& name, std::function<Series()> read) {
  std::lock_guard lock(mutex_);
  families_[name] = std::move(read);
}

static std::string num(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream o;
  o.precision(12);
  o << v;
  return o.str();
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  auto header = [&](const std::string& name, const char* fallback_type) {
    auto it = help_.find(name);
    if (it != help_.end()) {
      out << "# HELP " << name << ' ' << it->second.second << '\n';
      out << "# TYPE " << name << ' ' << it->second.first << '\n';
    } else {
      out << "# TYPE " << name << ' ' << fallback_type << '\n';
    }
  };
  for (const auto& [name, series] : counters_) {
    header(name, "counter");
    for (const auto& [labels, v] : series)
      out << name << (labels.empty() ? "" : "{" + labels + "}") << ' ' << num(v) << '\n';
  }
  for (const auto& [name, read] : gauges_) {
    // A gauge read from the database is left out while the database is down: the counters
    // that say so must still be scraped.
    double value = 0;
    try {
      value = read();
    } catch (...) {
      continue;
    }
    header(name, "gauge");
    out << name << ' ' << num(value) << '\n';
  }
  for (const auto& [name, read] : families_) {
    header(name, "gauge");
    for (const auto& [labels, v] : read()) out << name << (labels.empty() ? "" : "{" + labels + "}") << ' ' << num(v) << '\n';
  }
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      std::string sep = labels.empty() ? "" : labels + ",";
      for (std::size_t i = 0; i < buckets().size(); ++i)
        out << name << "_bucket{" << sep << "le=\"" << num(buckets()[i]) << "\"} " << num(h.counts[i]) << '\n';
      out << name << "_bucket{" << sep << "le=\"+Inf\"} " << num(h.count) << '\n';
      out << name << "_sum" << (labels.empty() ? "" : "{" + labels + "}") << ' ' << num(h.sum) << '\n';
      out << name << "_count" << (labels.empty() ? "" : "{" + labels + "}") << ' ' << num(h.count) << '\n';
    }
  }
  return out.str();
}

}  // namespace mc::http
