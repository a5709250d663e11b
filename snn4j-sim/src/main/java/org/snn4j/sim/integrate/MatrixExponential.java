package org.snn4j.sim.integrate;

/**
 * The matrix exponential in float64 by scaling and squaring with the degree-13 Padé approximant
 * (Higham, "The scaling and squaring method for the matrix exponential revisited", SIAM J. Matrix Anal.
 * Appl. 26(4), 2005): {@code exp(A) = r13(A/2^s)^(2^s)} with s chosen so that {@code ||A/2^s||_1 <= 5.37}.
 */
public final class MatrixExponential {
    private MatrixExponential() {}

    private static final double THETA_13 = 5.371920351148152;
    private static final double[] B = {64764752532480000.0, 32382376266240000.0, 7771770303897600.0,
            1187353796428800.0, 129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0,
            1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0};

    /** {@code exp(a)} for a square matrix {@code a} (not modified). */
    public static double[][] expm(double[][] a) {
        int n = a.length;
        for (double[] row : a) {
            if (row.length != n) throw new IllegalArgumentException("expm needs a square matrix");
            for (double x : row) {
                if (!Double.isFinite(x)) throw new IllegalArgumentException("expm needs finite entries, got " + x);
            }
        }
        if (n == 0) return new double[0][0];
        double norm = norm1(a);
        int s = norm <= THETA_13 ? 0 : (int) Math.ceil(Math.log(norm / THETA_13) / Math.log(2));
        double scale = Math.scalb(1.0, -s);
        double[][] x = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) x[i][j] = a[i][j] * scale;
        double[][] id = identity(n);
        double[][] x2 = multiply(x, x), x4 = multiply(x2, x2), x6 = multiply(x2, x4);
        // U = X [X6 (b13 X6 + b11 X4 + b9 X2) + b7 X6 + b5 X4 + b3 X2 + b1 I]
        double[][] u1 = multiply(x6, combine(B[13], x6, B[11], x4, B[9], x2, 0, id));
        double[][] u = multiply(x, plus(u1, combine(B[7], x6, B[5], x4, B[3], x2, B[1], id)));
        // V = X6 (b12 X6 + b10 X4 + b8 X2) + b6 X6 + b4 X4 + b2 X2 + b0 I
        double[][] v1 = multiply(x6, combine(B[12], x6, B[10], x4, B[8], x2, 0, id));
        double[][] v = plus(v1, combine(B[6], x6, B[4], x4, B[2], x2, B[0], id));
        double[][] p = new double[n][n], q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i][j] = v[i][j] + u[i][j];
                q[i][j] = v[i][j] - u[i][j];
            }
        }
        double[][] r = solve(q, p);
        for (int k = 0; k < s; k++) r = multiply(r, r);
        return r;
    }

    static double norm1(double[][] a) {
        double max = 0;
        for (int j = 0; j < a.length; j++) {
            double sum = 0;
            for (double[] row : a) sum += Math.abs(row[j]);
            max = Math.max(max, sum);
        }
        return max;
    }

    static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) id[i][i] = 1;
        return id;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length, k = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < k; l++) {
                double ail = a[i][l];
                if (ail == 0) continue;
                for (int j = 0; j < m; j++) c[i][j] += ail * b[l][j];
            }
        }
        return c;
    }

    private static double[][] plus(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) c[i][j] = a[i][j] + b[i][j];
        return c;
    }

    private static double[][] combine(double c1, double[][] m1, double c2, double[][] m2, double c3, double[][] m3,
                                      double c4, double[][] m4) {
        int n = m1.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) c[i][j] = c1 * m1[i][j] + c2 * m2[i][j] + c3 * m3[i][j] + c4 * m4[i][j];
        }
        return c;
    }

    /** Solves {@code a x = b} by Gaussian elimination with partial pivoting. */
    static double[][] solve(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length;
        double[][] lu = new double[n][];
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            lu[i] = a[i].clone();
            x[i] = b[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int i = col + 1; i < n; i++) if (Math.abs(lu[i][col]) > Math.abs(lu[piv][col])) piv = i;
            if (lu[piv][col] == 0) throw new ArithmeticException("singular matrix in the Padé approximant");
            double[] t = lu[piv]; lu[piv] = lu[col]; lu[col] = t;
            t = x[piv]; x[piv] = x[col]; x[col] = t;
            for (int i = col + 1; i < n; i++) {
                double f = lu[i][col] / lu[col][col];
                if (f == 0) continue;
                for (int j = col; j < n; j++) lu[i][j] -= f * lu[col][j];
                for (int j = 0; j < m; j++) x[i][j] -= f * x[col][j];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j < m; j++) {
                double sum = x[i][j];
                for (int k = i + 1; k < n; k++) sum -= lu[i][k] * x[k][j];
                x[i][j] = sum / lu[i][i];
            }
        }
        return x;
    }
}
