//! Python's float rounding and `repr`, for values identical to the reference's
//! `round(x, 8)` and JSON text identical to `json.dumps`.

use std::fmt::Write;

/// Python's `round(x, 8)`: the double nearest to `x` correctly rounded to 8
/// decimals (ties to even on the exact binary value).
pub fn round8(x: f64) -> f64 {
    let scaled = x * 1e8;
    if x.is_finite() && scaled.abs() < 1e15 {
        let frac = scaled - scaled.floor();
        if (frac - 0.5).abs() > 1e-6 {
            return scaled.round() / 1e8;
        }
    }
    if !x.is_finite() {
        return x;
    }
    format!("{x:.8}").parse().expect("formatted float parses")
}

/// Appends Python's `repr(x)` of a float (as `json.dumps` writes it).
pub fn write_repr(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    if x == 0.0 {
        out.push_str(if x.is_sign_negative() { "-0.0" } else { "0.0" });
        return;
    }
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').expect("LowerExp has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an integer");
    let (sign, mantissa) = mantissa.strip_prefix('-').map_or(("", mantissa), |m| ("-", m));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    out.push_str(sign);
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
            out.push_str(&digits);
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repr(x: f64) -> String {
        let mut s = String::new();
        write_repr(&mut s, x);
        s
    }

    #[test]
    fn rounds_like_python() {
        assert_eq!(round8(1.0 / 512.0), 0.00195312);
        assert_eq!(round8(3.0 / 512.0), 0.00585938);
        assert_eq!(round8(2.5e-8), 2e-8);
        assert_eq!(round8(1.0 / 3.0), 0.33333333);
        assert_eq!(round8(2.0 / 3.0), 0.66666667);
        assert_eq!(round8(1e20 / 3.0), 1e20 / 3.0);
    }

    #[test]
    fn repr_matches_python() {
        assert_eq!(repr(0.0), "0.0");
        assert_eq!(repr(1.0), "1.0");
        assert_eq!(repr(38.0), "38.0");
        assert_eq!(repr(0.32974428), "0.32974428");
        assert_eq!(repr(1e-5), "1e-05");
        assert_eq!(repr(1.5e-5), "1.5e-05");
        assert_eq!(repr(0.0001), "0.0001");
        assert_eq!(repr(1e16), "1e+16");
        assert_eq!(repr(123456789012345.6), "123456789012345.6");
        assert_eq!(repr(-2.5), "-2.5");
    }
}
