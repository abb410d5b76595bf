# The app image used by docker-compose.yml (production profile). Build context: the repository root.
# Java 25: virtual threads carry the cart calls (README, "Java 25")
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /build/target/tracking-writeback-*.jar /tmp/app.jar
COPY routes routes
# Extracted jar + a class-data-sharing archive from a training run: start-up to ready about 4.7 s instead of 8.6 s
# on 2 cores (docs/performance.md, bench/startup.sh)
RUN java -Djarmode=tools -jar /tmp/app.jar extract --destination /app/extracted && rm /tmp/app.jar \
 && java -Xmx192m -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh -jar /app/extracted/app.jar \
      --writeback.data-dir=/tmp/train --server.port=0 && rm -rf /tmp/train
RUN useradd --system --home /app writeback && mkdir -p /app/data && chown writeback /app/data
USER writeback
EXPOSE 8080
# the heap the performance figures were measured with (docs/performance.md); override in the environment
ENV JAVA_TOOL_OPTIONS="-Xmx192m"
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/extracted/app.jar"]
