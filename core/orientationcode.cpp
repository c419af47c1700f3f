#include "core/orientationcode.h"

#include <cmath>

namespace tr::core {

std::string orientationCode(const Mat3& direction)
{
    std::string code;
    for (int c = 0; c < 3; ++c) {
        const Vec3 axis = column(direction, c);
        int best = 0;
        for (int r = 1; r < 3; ++r)
            if (std::abs(axis[r]) > std::abs(axis[best]))
                best = r;
        static constexpr char positive[] = {'L', 'P', 'S'};
        static constexpr char negative[] = {'R', 'A', 'I'};
        code += axis[best] >= 0 ? positive[best] : negative[best];
    }
    return code;
}

} // namespace tr::core
