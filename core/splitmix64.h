#pragma once
// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fully specified generator,
// so that a stored seed gives the same numbers on every platform and standard
// library. Used for created images' seeds (model) and readers' draws (studies).

#include <cstddef>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

namespace tr::core {

inline constexpr std::uint64_t kSplitMix64Increment = 0x9e3779b97f4a7c15ULL;

// The output function: a bijective mix of one 64-bit state.
constexpr std::uint64_t splitMix64Mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class SplitMix64 {
public:
    explicit constexpr SplitMix64(std::uint64_t seed) : m_state(seed) {}
    constexpr std::uint64_t next() { return splitMix64Mix(m_state += kSplitMix64Increment); }
    // Uniform in [0, bound), bound > 0, without modulo bias (rejection).
    constexpr std::uint64_t below(std::uint64_t bound)
    {
        const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);
        std::uint64_t r = next();
        while (r >= limit)
            r = next();
        return r % bound;
    }

private:
    std::uint64_t m_state;
};

// Fisher-Yates with SplitMix64: the same order for the same seed on any platform.
template <typename T>
void seededShuffle(std::vector<T>& v, SplitMix64& random)
{
    for (std::size_t i = v.size(); i > 1; --i)
        std::swap(v[i - 1], v[std::size_t(random.below(i))]);
}

// Floyd's algorithm: `count` distinct numbers below `total` (count <= total),
// ascending, from a stored seed, the same everywhere: which grid images a
// pool or a realism report draws.
inline std::vector<std::uint64_t> distinctBelow(std::uint64_t total, std::uint64_t count, std::uint64_t seed)
{
    SplitMix64 random(seed);
    std::set<std::uint64_t> chosen;
    for (std::uint64_t j = total - count; j < total; ++j) {
        const std::uint64_t t = random.below(j + 1);
        chosen.insert(chosen.count(t) ? j : t);
    }
    return {chosen.begin(), chosen.end()};
}

} // namespace tr::core
