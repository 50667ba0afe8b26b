#pragma once
// An enum's written names (stored values, form values) listed once, in one table that both
// directions read: name_of() when writing a value, value_named() when parsing one; label_fr_of()
// reads the French label a row may carry. A table's rows are EnumName<E>, or any struct with
// `value` and `name` members that carries more facts per value (a rank) so that everything about
// one value stands on one row.
#include <cstddef>
#include <optional>
#include <string_view>

namespace mc {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
  std::string_view label_fr = {};  // what a French page shows, when it shows the value
};

// The row of `table` for `value`, or nullptr when the table does not list it.
template <class Row, std::size_t N>
[[nodiscard]] constexpr const Row* row_of(const Row (&table)[N], decltype(Row::value) value) {
  for (const auto& row : table)
    if (row.value == value) return &row;
  return nullptr;
}

// The name `table` gives `value`; `fallback` for a value the table does not list.
template <class Row, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const Row (&table)[N], decltype(Row::value) value,
                                                 std::string_view fallback = {}) {
  const Row* row = row_of(table, value);
  return row ? row->name : fallback;
}

// The French label `table` gives `value`; empty for a value the table does not list.
template <class Row, std::size_t N>
[[nodiscard]] constexpr std::string_view label_fr_of(const Row (&table)[N], decltype(Row::value) value) {
  const Row* row = row_of(table, value);
  return row ? row->label_fr : std::string_view{};
}

// The value `table` names `name`, or nullopt for a name it does not list.
template <class Row, std::size_t N>
[[nodiscard]] constexpr std::optional<decltype(Row::value)> value_named(const Row (&table)[N], std::string_view name) {
  for (const auto& row : table)
    if (row.name == name) return row.value;
  return std::nullopt;
}

}  // namespace mc
