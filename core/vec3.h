#pragma once
// The few 3D vector and 3x3 matrix operations the alignment and the slice sampler
// need. ITK has richer types, but core's pure part must build without ITK so that
// the training-set sampler runs on a LibTorch-only GPU server.

#include <array>
#include <cmath>

namespace tr::core {

using Vec3 = std::array<double, 3>;
// Row-major: m[r * 3 + c].
using Mat3 = std::array<double, 9>;

inline Vec3 operator+(const Vec3& a, const Vec3& b) { return {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }
inline Vec3 operator-(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
inline Vec3 operator*(double s, const Vec3& a) { return {s * a[0], s * a[1], s * a[2]}; }
inline double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
inline Vec3 cross(const Vec3& a, const Vec3& b)
{
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
inline double norm(const Vec3& a) { return std::sqrt(dot(a, a)); }

inline Vec3 operator*(const Mat3& m, const Vec3& v)
{
    return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
        m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}
inline Mat3 operator*(const Mat3& a, const Mat3& b)
{
    Mat3 m{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            m[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
    return m;
}
inline Mat3 transpose(const Mat3& m) { return {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]}; }
inline Vec3 column(const Mat3& m, int c) { return {m[c], m[3 + c], m[6 + c]}; }
inline Mat3 fromColumns(const Vec3& a, const Vec3& b, const Vec3& c)
{
    return {a[0], b[0], c[0], a[1], b[1], c[1], a[2], b[2], c[2]};
}

inline constexpr double kPi = 3.14159265358979323846;
inline double radians(double degrees) { return degrees * kPi / 180.0; }

// Right-handed rotations by `degrees` about the x (L), y (P) and z (S) axes.
inline Mat3 rotationX(double degrees)
{
    const double c = std::cos(radians(degrees)), s = std::sin(radians(degrees));
    return {1, 0, 0, 0, c, -s, 0, s, c};
}
inline Mat3 rotationY(double degrees)
{
    const double c = std::cos(radians(degrees)), s = std::sin(radians(degrees));
    return {c, 0, s, 0, 1, 0, -s, 0, c};
}
inline Mat3 rotationZ(double degrees)
{
    const double c = std::cos(radians(degrees)), s = std::sin(radians(degrees));
    return {c, -s, 0, s, c, 0, 0, 0, 1};
}

} // namespace tr::core
