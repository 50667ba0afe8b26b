#pragma once
// A small Prometheus text-format registry. Debian ships no prometheus-cpp; what we need is
// counters, gauges read at scrape time and one latency histogram (docs/adr/0004).
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace mc::http {

class Metrics {
 public:
  // `labels` is the rendered label set, e.g. R"(result="ok")" (empty for none).
  void inc(const std::string& name, const std::string& labels = {}, double by = 1);
  void observe(const std::string& name, const std::string& labels, double value);
  void gauge(const std::string& name, std::function<double()> read);
  // Several series of one name read at scrape time: (rendered labels, value) pairs.
  using Series = std::vector<std::pair<std::string, double>>;
  void gauge_family(const std::string& name, std::function<Series()> read);
  void describe(const std::string& name, const std::string& type, const std::string& help);
  [[nodiscard]] std::string render() const;

  static std::string label(std::string_view key, std::string_view value);

 private:
  struct Histogram {
    std::vector<double> counts;  // per bucket (cumulative when rendered)
    double sum = 0;
    double count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::string, std::string>> help_;  // name -> (type, help)
  std::map<std::string, std::map<std::string, double>> counters_;
  std::map<std::string, std::map<std::string, Histogram>> histograms_;
  std::map<std::string, std::function<double()>> gauges_;
  std::map<std::string, std::function<Series()>> families_;
  static const std::vector<double>& buckets();
};

}  // namespace mc::http
