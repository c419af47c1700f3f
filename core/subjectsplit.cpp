#include "core/subjectsplit.h"

#include <algorithm>
#include <map>

namespace tr::core {
SubjectSplit splitBySubject(const std::vector<RealismImage>& images, double testShare, double validationShare,
    SplitMix64& random)
{
    std::map<long long, std::vector<std::size_t>> byGroup;
    for (std::size_t i = 0; i < images.size(); ++i)
        byGroup[images[i].group >= 0 ? images[i].group : -1 - static_cast<long long>(i)].push_back(i);
    std::vector<const std::vector<std::size_t>*> groups;
    for (const auto& [key, members] : byGroup)
        groups.push_back(&members);
    SubjectSplit split;
    const std::size_t g = groups.size();
    const std::size_t needed = validationShare > 0.0 ? 3 : 2;
    if (g < needed)
        return split;
    seededShuffle(groups, random);
    const std::size_t test = std::clamp<std::size_t>(std::size_t(double(g) * testShare + 0.5), 1, g - needed + 1);
    const std::size_t validation = validationShare > 0.0
        ? std::clamp<std::size_t>(std::size_t(double(g - test) * validationShare + 0.5), 1, g - test - 1)
        : 0;
    for (std::size_t k = 0; k < g; ++k) {
        auto& part = k < test ? split.test : (k < test + validation ? split.validation : split.train);
        part.insert(part.end(), groups[k]->begin(), groups[k]->end());
    }
    split.testGroups = int(test);
    split.trainGroups = int(g - test);
    seededShuffle(split.train, random);
    seededShuffle(split.validation, random);
    seededShuffle(split.test, random);
    return split;
}

void balanceParts(std::vector<std::size_t>& a, std::vector<std::size_t>& b)
{
    const std::size_t n = std::min(a.size(), b.size());
    a.resize(n);
    b.resize(n);
}

} // namespace tr::core
