#pragma once
// An enum's written names (stored values, form values) listed once, in one table that both
// directions read: name_of() when writing a value, value_named() when parsing one.
#include <cstddef>
#include <optional>
#include <string_view>

namespace mc {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

// The name `table` gives `value`; `fallback` for a value the table does not list.
template <class E, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const EnumName<E> (&table)[N], E value,
                                                 std::string_view fallback = {}) {
  for (const auto& row : table)
    if (row.value == value) return row.name;
  return fallback;
}

// The value `table` names `name`, or nullopt for a name it does not list.
template <class E, std::size_t N>
[[nodiscard]] constexpr std::optional<E> value_named(const EnumName<E> (&table)[N], std::string_view name) {
  for (const auto& row : table)
    if (row.name == name) return row.value;
  return std::nullopt;
}

}  // namespace mc
