#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A digital Butterworth filter designed and applied as SciPy does (`butter` + `filtfilt`), so
/// that band-passed signals match the Python references sample for sample.
///
/// Design: analog prototype poles, low-pass → band-pass (or high/low-pass) transform, bilinear
/// transform, transfer-function coefficients. Application: forward-backward direct-form-II
/// filtering with odd extension of `3 · max(len(a), len(b))` samples at each end and steady-state
/// initial conditions (`lfilter_zi`).
public struct ButterworthFilter: Sendable, Hashable {
    /// Numerator coefficients.
    public let b: [Double]
    /// Denominator coefficients (`a[0] == 1`).
    public let a: [Double]

    /// A band-pass filter of `order` (the transfer function has order 2·`order`) passing
    /// `low`...`high` Hz at `sampleRate` Hz.
    public static func bandpass(order: Int, low: Double, high: Double, sampleRate: Double) -> ButterworthFilter {
        let nyquist = sampleRate / 2
        let w1 = 4 * tan(Double.pi * (low / nyquist) / 2), w2 = 4 * tan(Double.pi * (high / nyquist) / 2)
        let bw = w2 - w1, wo = (w1 * w2).squareRoot()
        var poles: [Complex] = []
        for p in prototypePoles(order) {
            let lp = p * Complex(bw / 2)
            let root = (lp * lp - Complex(wo * wo)).squareRoot()
            poles.append(lp + root)
            poles.append(lp - root)
        }
        let zeros = [Complex](repeating: Complex(0), count: order)
        let gain = pow(bw, Double(order))
        return bilinear(zeros: zeros, poles: poles, gain: gain)
    }

    /// A low-pass filter of `order` with its corner at `cutoff` Hz.
    public static func lowpass(order: Int, cutoff: Double, sampleRate: Double) -> ButterworthFilter {
        let w = 4 * tan(Double.pi * (cutoff / (sampleRate / 2)) / 2)
        return bilinear(zeros: [], poles: prototypePoles(order).map { $0 * Complex(w) }, gain: pow(w, Double(order)))
    }

    /// A high-pass filter of `order` with its corner at `cutoff` Hz (SciPy's `lp2hp_zpk`: poles
    /// w/p, as many zeros at the origin).
    public static func highpass(order: Int, cutoff: Double, sampleRate: Double) -> ButterworthFilter {
        let w = 4 * tan(Double.pi * (cutoff / (sampleRate / 2)) / 2)
        let prototype = prototypePoles(order)
        let gain = (Complex(1) / prototype.reduce(Complex(1)) { $0 * (Complex(0) - $1) }).re
        return bilinear(zeros: [Complex](repeating: Complex(0), count: order), poles: prototype.map { Complex(w) / $0 }, gain: gain)
    }

    /// A moving average of `width` samples as a filter (`b` = 1/width each, `a` = 1), for
    /// zero-phase smoothing with ``filtfilt(_:)``.
    public static func movingAverage(width: Int) -> ButterworthFilter {
        ButterworthFilter(b: [Double](repeating: 1 / Double(width), count: width), a: [1] + [Double](repeating: 0, count: width - 1))
    }

    /// Poles of the analog Butterworth prototype (SciPy's `buttap`).
    static func prototypePoles(_ n: Int) -> [Complex] {
        stride(from: -n + 1, to: n, by: 2).map { m in
            let angle = Double.pi * Double(m) / Double(2 * n)
            return Complex(-cos(angle), -sin(angle))
        }
    }

    /// Bilinear transform at fs = 2 (SciPy's `bilinear_zpk`), then `zpk2tf`.
    static func bilinear(zeros: [Complex], poles: [Complex], gain: Double) -> ButterworthFilter {
        let fs2 = Complex(4)
        var zz = zeros.map { (fs2 + $0) / (fs2 - $0) }
        let pz = poles.map { (fs2 + $0) / (fs2 - $0) }
        zz += [Complex](repeating: Complex(-1), count: poles.count - zeros.count)
        let num = zeros.reduce(Complex(1)) { $0 * (fs2 - $1) }, den = poles.reduce(Complex(1)) { $0 * (fs2 - $1) }
        let k = gain * (num / den).re
        return ButterworthFilter(b: polynomial(zz).map { $0 * k }, a: polynomial(pz))
    }

    /// Real coefficients of the monic polynomial with the given roots (highest power first).
    static func polynomial(_ roots: [Complex]) -> [Double] {
        var c = [Complex(1)]
        for r in roots {
            var next = c + [Complex(0)]
            for i in 1..<next.count { next[i] = next[i] - r * c[i - 1] }
            c = next
        }
        return c.map(\.re)
    }

    /// Zero-phase filtering (SciPy's `filtfilt` with `padtype="odd"`). Inputs shorter than the
    /// padding come back unchanged.
    public func filtfilt(_ x: [Double]) -> [Double] {
        let pad = 3 * max(a.count, b.count)
        guard x.count > pad else { return x }
        var ext: [Double] = []
        ext.reserveCapacity(x.count + 2 * pad)
        for i in stride(from: pad, through: 1, by: -1) { ext.append(2 * x[0] - x[i]) }
        ext += x
        let last = x.count - 1
        for i in 1...pad { ext.append(2 * x[last] - x[last - i]) }
        let zi = steadyState()
        var y = lfilter(ext, initial: zi.map { $0 * ext[0] })
        y.reverse()
        y = lfilter(y, initial: zi.map { $0 * y[0] })
        y.reverse()
        return Array(y[pad..<(pad + x.count)])
    }

    /// Direct-form-II transposed filtering with initial state `z`.
    func lfilter(_ x: [Double], initial: [Double]) -> [Double] {
        let n = a.count
        var z = initial + [0]
        var y = [Double](repeating: 0, count: x.count)
        for (t, v) in x.enumerated() {
            let out = b[0] * v + z[0]
            for i in 1..<n { z[i - 1] = b[i] * v + z[i] - a[i] * out }
            y[t] = out
        }
        return y
    }

    /// SciPy's `lfilter_zi`: solves (I − Aᵀ) zi = b[1:] − a[1:]·b[0] for the companion matrix A.
    func steadyState() -> [Double] {
        let n = a.count - 1
        var m = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
        for r in 0..<n {
            for c in 0..<n {
                // Aᵀ of companion(a): row 0 of A is −a[1...], subdiagonal ones.
                let aT = (c == 0 ? -a[r + 1] : 0) + (r == c - 1 ? 1 : 0)
                m[r][c] = (r == c ? 1 : 0) - aT
            }
            m[r][n] = b[r + 1] - a[r + 1] * b[0]
        }
        for col in 0..<n {  // Gaussian elimination with partial pivoting
            let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot)
            for r in 0..<n where r != col {
                let f = m[r][col] / m[col][col]
                if f != 0 { for c in col...n { m[r][c] -= f * m[col][c] } }
            }
        }
        return (0..<n).map { m[$0][n] / m[$0][$0] }
    }
}

/// Minimal complex arithmetic for filter design.
struct Complex: Hashable, Sendable {
    var re: Double
    var im: Double
    init(_ re: Double, _ im: Double = 0) { self.re = re; self.im = im }
    static func + (l: Complex, r: Complex) -> Complex { Complex(l.re + r.re, l.im + r.im) }
    static func - (l: Complex, r: Complex) -> Complex { Complex(l.re - r.re, l.im - r.im) }
    static func * (l: Complex, r: Complex) -> Complex { Complex(l.re * r.re - l.im * r.im, l.re * r.im + l.im * r.re) }
    static func / (l: Complex, r: Complex) -> Complex {
        let d = r.re * r.re + r.im * r.im
        return Complex((l.re * r.re + l.im * r.im) / d, (l.im * r.re - l.re * r.im) / d)
    }
    /// The principal square root.
    func squareRoot() -> Complex {
        let m = (re * re + im * im).squareRoot()
        let r = ((m + re) / 2).squareRoot()
        let i = ((m - re) / 2).squareRoot()
        return Complex(r, im < 0 ? -i : i)
    }
}
