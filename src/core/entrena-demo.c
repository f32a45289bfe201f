/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "entrena-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "entrena-demo.h"

/*
 * Demo sets are generated rather than shipped, and they must be the same bytes
 * on every machine: the tests pin their SHA-256. Three things make that hold.
 *
 *  - The random numbers come from our own splitmix64, not from rand() or
 *    GRand, whose sequences are not promised to stay the same.
 *  - Everything that is not plain IEEE arithmetic (log, sqrt, sin, cos from
 *    libm) may differ in the last bit between C libraries and architectures,
 *    and FMA contraction may differ between compilers. Every value is
 *    therefore rounded to a few decimals before it is written, which hides
 *    those differences: a value would have to sit within 1e-16 of a rounding
 *    boundary for them to show.
 *  - Numbers are written from integers (see append_fixed()), so neither the
 *    locale nor printf's float formatting is involved.
 */

/* One seed per demo, so adding a demo never changes another. */
#define SPIRALS_SEED 0x5e1a2017u
#define CIRCLES_SEED 0xc1c1e500u
#define BLOBS_SEED   0xb10b5000u
#define WAVE_SEED    0x3a7e5eedu

#define SPIRALS_PER_ARM  300
#define CIRCLES_PER_RING 300
#define BLOBS_PER_SPECIES 150
#define WAVE_ROWS        600

typedef struct
{
  guint64  state;
  gboolean have_spare;
  double   spare;
} DemoRng;

static void
demo_rng_init (DemoRng *rng,
               guint64  seed)
{
  rng->state = seed;
  rng->have_spare = FALSE;
  rng->spare = 0.0;
}

/* splitmix64 (Steele, Lea and Flood 2014), as in Vigna's reference code. */
static guint64
demo_rng_next (DemoRng *rng)
{
  guint64 z;

  z = (rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);

  return z ^ (z >> 31);
}

/* A uniform double in [0, 1): 53 random bits, scaled exactly. */
static double
demo_rng_uniform (DemoRng *rng)
{
  return (double) (demo_rng_next (rng) >> 11) * 0x1.0p-53;
}

/* A uniform integer in [0, n), by Lemire's multiply-shift (no modulo bias to speak of for small n). */
static guint
demo_rng_below (DemoRng *rng,
                guint    n)
{
  return (guint) (((demo_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

/* A standard normal variate, by the Box-Muller transform. */
static double
demo_rng_normal (DemoRng *rng)
{
  double u1, u2, r;

  if (rng->have_spare)
    {
      rng->have_spare = FALSE;
      return rng->spare;
    }

  /* u1 lies in (0, 1] so that log (u1) is finite. */
  u1 = (double) ((demo_rng_next (rng) >> 11) + 1) * 0x1.0p-53;
  u2 = demo_rng_uniform (rng);
  r = sqrt (-2.0 * log (u1));

  rng->spare = r * sin (2.0 * G_PI * u2);
  rng->have_spare = TRUE;

  return r * cos (2.0 * G_PI * u2);
}

/* Fisher-Yates shuffle of @order, `[n]`. */
static void
demo_rng_shuffle (DemoRng *rng,
                  guint   *order,
                  guint    n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = demo_rng_below (rng, i);
      guint tmp = order[i - 1];

      order[i - 1] = order[j];
      order[j] = tmp;
    }
}

static guint *
identity_order (guint n)
{
  guint *order = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    order[i] = i;

  return order;
}

/* Appends @value rounded to @decimals places (0..6), e.g. "-0.1234". The
 * digits come from an integer, so the text does not depend on the locale or
 * on how the C library formats floats, and "-0.0000" never appears. */
static void
append_fixed (GString *out,
              double   value,
              guint    decimals)
{
  static const gint64 scale[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
  gint64 q;
  guint64 mag;

  g_assert (decimals < G_N_ELEMENTS (scale));
  g_assert (isfinite (value) && fabs (value) < 1e12);

  q = llround (value * (double) scale[decimals]);
  mag = (guint64) (q < 0 ? -q : q);

  if (q < 0)
    g_string_append_c (out, '-');

  g_string_append_printf (out, "%" G_GUINT64_FORMAT, mag / (guint64) scale[decimals]);

  if (decimals > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT,
                            (int) decimals, mag % (guint64) scale[decimals]);
}

/* The CSV of @n points `[n][2]` under @header, the first half of class
 * @names[0] and the rest of @names[1], in the order @rng shuffles them. */
static GString *
points_csv (const double      (*xy)[2],
            guint               n,
            const char         *header,
            const char *const  *names,
            DemoRng            *rng)
{
  g_autofree guint *order = identity_order (n);
  GString *out = g_string_sized_new (n * 28);

  demo_rng_shuffle (rng, order, n);
  g_string_append (out, header);

  for (guint i = 0; i < n; i++)
    {
      guint k = order[i];

      append_fixed (out, xy[k][0], 4);
      g_string_append_c (out, ',');
      append_fixed (out, xy[k][1], 4);
      g_string_append_c (out, ',');
      g_string_append (out, names[k / (n / 2)]);
      g_string_append_c (out, '\n');
    }

  return out;
}

/* Two spirals that wind around each other one and a half turns: class A and
 * class B, the second the first turned by half a circle. */
static GString *
generate_spirals (void)
{
  /* Points, `[2 * SPIRALS_PER_ARM][2]`, arm A first, then arm B. */
  double xy[2 * SPIRALS_PER_ARM][2];
  const double turns = 3.0 * G_PI;
  const double start = 0.5;
  const double noise = 0.04;
  static const char *const arm_names[] = { "A", "B" };
  guint n = 2 * SPIRALS_PER_ARM;
  DemoRng rng;

  demo_rng_init (&rng, SPIRALS_SEED);

  for (guint i = 0; i < SPIRALS_PER_ARM; i++)
    {
      /* The square root evens out the density along the arm, which gets
       * longer per turn as it winds outwards. */
      double t = sqrt (demo_rng_uniform (&rng));
      double theta = start + t * turns;
      double r = theta / (start + turns);
      double c = r * cos (theta);
      double s = r * sin (theta);

      xy[i][0] = c + noise * demo_rng_normal (&rng);
      xy[i][1] = s + noise * demo_rng_normal (&rng);
      xy[SPIRALS_PER_ARM + i][0] = -c + noise * demo_rng_normal (&rng);
      xy[SPIRALS_PER_ARM + i][1] = -s + noise * demo_rng_normal (&rng);
    }

  return points_csv (xy, n, "x,y,class\n", arm_names, &rng);
}

/* A noisy circle of radius 1 around a noisy circle of radius 0.4. */
static GString *
generate_circles (void)
{
  static const double radius[] = { 0.4, 1.0 };
  static const char *const ring_names[] = { "inner", "outer" };
  /* Points, `[2 * CIRCLES_PER_RING][2]`, inner ring first. */
  double xy[2 * CIRCLES_PER_RING][2];
  const double noise = 0.08;
  guint n = 2 * CIRCLES_PER_RING;
  DemoRng rng;

  demo_rng_init (&rng, CIRCLES_SEED);

  for (guint ring = 0; ring < 2; ring++)
    {
      for (guint i = 0; i < CIRCLES_PER_RING; i++)
        {
          double phi = 2.0 * G_PI * demo_rng_uniform (&rng);
          guint k = ring * CIRCLES_PER_RING + i;

          xy[k][0] = radius[ring] * cos (phi) + noise * demo_rng_normal (&rng);
          xy[k][1] = radius[ring] * sin (phi) + noise * demo_rng_normal (&rng);
        }
    }

  return points_csv (xy, n, "x,y,ring\n", ring_names, &rng);
}

/* Three species of an imaginary beetle, measured four ways. Each species is
 * a Gaussian blob; a shared "size" factor correlates the four measurements of
 * an animal, as in real morphometric data. The first column numbers the rows,
 * so the app can show how it spots identifier columns. */
typedef struct
{
  const char *species;
  double      mean[4];
  double      sd[4];
} BeetleSpecies;

static const BeetleSpecies beetles[] = {
  { "amber",  { 12.0, 18.0, 4.0, 0.80 }, { 1.0, 1.5, 0.5, 0.10 } },
  { "cobalt", { 15.0, 22.0, 6.5, 1.20 }, { 1.2, 1.8, 0.6, 0.15 } },
  { "jade",   { 13.5, 26.0, 5.0, 1.00 }, { 1.0, 2.0, 0.5, 0.12 } },
};

/* Decimals written for each measurement: millimetres to 0.01, grams to 0.001. */
static const guint beetle_decimals[4] = { 2, 2, 2, 3 };

static GString *
generate_blobs (void)
{
  enum { N_SPECIES = G_N_ELEMENTS (beetles), N = N_SPECIES * BLOBS_PER_SPECIES };
  /* Measurements, `[N][4]`, species by species. */
  double X[N][4];
  g_autofree guint *order = NULL;
  DemoRng rng;
  GString *out;

  demo_rng_init (&rng, BLOBS_SEED);

  for (guint s = 0; s < N_SPECIES; s++)
    {
      for (guint i = 0; i < BLOBS_PER_SPECIES; i++)
        {
          guint k = s * BLOBS_PER_SPECIES + i;
          double size = demo_rng_normal (&rng);

          for (guint j = 0; j < 4; j++)
            {
              /* 0.6² + 0.8² = 1, so each measurement keeps its standard deviation. */
              double z = 0.6 * size + 0.8 * demo_rng_normal (&rng);

              X[k][j] = MAX (beetles[s].mean[j] + beetles[s].sd[j] * z, 0.01);
            }
        }
    }

  order = identity_order (N);
  demo_rng_shuffle (&rng, order, N);

  out = g_string_sized_new (N * 40);
  g_string_append (out, "id,length_mm,wingspan_mm,antenna_mm,mass_g,species\n");

  for (guint i = 0; i < N; i++)
    {
      guint k = order[i];

      g_string_append_printf (out, "%u", i + 1);

      for (guint j = 0; j < 4; j++)
        {
          g_string_append_c (out, ',');
          append_fixed (out, X[k][j], beetle_decimals[j]);
        }

      g_string_append_c (out, ',');
      g_string_append (out, beetles[k / BLOBS_PER_SPECIES].species);
      g_string_append_c (out, '\n');
    }

  return out;
}

/* A number to predict rather than classes: y = sin (x1) · x2 plus a little
 * noise, x1 uniform over one period and x2 uniform in [-2, 2]. The sign and
 * the height of the wave both depend on x2, so no straight line fits it.
 * y comes from the rounded inputs, so the file holds the function of the
 * numbers it shows. */
static GString *
generate_wave (void)
{
  const double noise = 0.1;
  DemoRng rng;
  GString *out = g_string_sized_new (WAVE_ROWS * 24);

  demo_rng_init (&rng, WAVE_SEED);
  g_string_append (out, "x1,x2,y\n");

  for (guint i = 0; i < WAVE_ROWS; i++)
    {
      /* Rounded to the 3 decimals written. */
      double x1 = round ((-G_PI + 2.0 * G_PI * demo_rng_uniform (&rng)) * 1000.0) / 1000.0;
      double x2 = round ((-2.0 + 4.0 * demo_rng_uniform (&rng)) * 1000.0) / 1000.0;
      double y = sin (x1) * x2 + noise * demo_rng_normal (&rng);

      append_fixed (out, x1, 3);
      g_string_append_c (out, ',');
      append_fixed (out, x2, 3);
      g_string_append_c (out, ',');
      append_fixed (out, y, 3);
      g_string_append_c (out, '\n');
    }

  return out;
}

static const EntrenaDemoInfo demos[] = {
  {
    "spirals",
    N_("Two Spirals"),
    N_("Two interleaved spirals. No straight line separates them, so a model needs a hidden layer."),
    "class",
  },
  {
    "circles",
    N_("Concentric Circles"),
    N_("A ring of points around a smaller ring. Only the distance from the centre tells them apart."),
    "ring",
  },
  {
    "blobs",
    N_("Beetles"),
    N_("Three species of an imaginary beetle, measured four ways, with a row number column to leave out."),
    "species",
  },
  {
    "wave",
    N_("Wave"),
    N_("A number to predict instead of classes: y is sin(x1) times x2, plus a little noise. A regression."),
    "y",
  },
  { NULL, NULL, NULL, NULL },
};

/* Generators, in the same order as demos[]. */
static GString *(*const generators[]) (void) = {
  generate_spirals,
  generate_circles,
  generate_blobs,
  generate_wave,
};

G_STATIC_ASSERT (G_N_ELEMENTS (generators) + 1 == G_N_ELEMENTS (demos));

/**
 * entrena_demo_list:
 *
 * Lists the demo sets.
 *
 * Returns: (transfer none) (array zero-terminated=1): the demo sets, ending
 *   with an entry whose id is %NULL
 */
const EntrenaDemoInfo *
entrena_demo_list (void)
{
  return demos;
}

/**
 * entrena_demo_find:
 * @id: a demo id, such as "spirals"
 *
 * Looks up a demo set by id.
 *
 * Returns: (transfer none) (nullable): the demo set, or %NULL if there is none
 *   with that id
 */
const EntrenaDemoInfo *
entrena_demo_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; demos[i].id != NULL; i++)
    {
      if (g_str_equal (demos[i].id, id))
        return &demos[i];
    }

  return NULL;
}

char *
entrena_demo_generate (const char *id,
                       gsize      *length)
{
  const EntrenaDemoInfo *info;
  GString *out;

  g_return_val_if_fail (id != NULL, NULL);

  if (length != NULL)
    *length = 0;

  info = entrena_demo_find (id);
  if (info == NULL)
    return NULL;

  out = generators[info - demos] ();

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}
