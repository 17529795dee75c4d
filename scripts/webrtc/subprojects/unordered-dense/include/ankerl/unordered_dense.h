// Encore Studio shim: ankerl::unordered_dense is not packaged in Debian, and
// mediasoup only uses its map, set and hash, which behave like the standard
// containers for the way mediasoup uses them (no reliance on dense storage).
#ifndef ENCORE_SHIM_ANKERL_UNORDERED_DENSE_H
#define ENCORE_SHIM_ANKERL_UNORDERED_DENSE_H

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace ankerl::unordered_dense
{
	template<class T>
	using hash = std::hash<T>;

	template<class Key, class T, class Hash = std::hash<Key>, class KeyEqual = std::equal_to<Key>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual>;

	template<class Key, class Hash = std::hash<Key>, class KeyEqual = std::equal_to<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual>;
} // namespace ankerl::unordered_dense

#endif
